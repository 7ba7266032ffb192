#include "shared/media/loss_monitor.h"

#include <algorithm>

namespace spk::media {

LossMonitor::LossMonitor(std::size_t window, double threshold, std::size_t hold)
    : slots_(std::max<std::size_t>(window, 1), false), threshold_(std::clamp(threshold, 0.0, 1.0)),
      hold_(std::max<std::size_t>(hold, 1))
{
}

void LossMonitor::record(bool lost)
{
    if (filled_ == slots_.size()) {
        if (slots_[next_])
            --lostInWindow_;
    } else {
        ++filled_;
    }
    slots_[next_] = lost;
    if (lost)
        ++lostInWindow_;
    next_ = (next_ + 1) % slots_.size();
    // Only a full window that stays over the threshold counts: a single burst is not enough.
    if (filled_ == slots_.size() && recentLossRatio() > threshold_)
        ++heldFor_;
    else
        heldFor_ = 0;
    if (heldFor_ >= hold_)
        heavy_ = true;
}

double LossMonitor::recentLossRatio() const
{
    return filled_ == 0 ? 0.0 : static_cast<double>(lostInWindow_) / static_cast<double>(filled_);
}

} // namespace spk::media
