#include "shared/media/replay_window.h"

#include <algorithm>

namespace spk::media {

ReplayWindow::ReplayWindow(unsigned size) : size_(std::clamp(size, 1u, kMaxSize)) {}

DropReason ReplayWindow::check(std::uint32_t seq) const
{
    // seq starts at 0 per session and grows by one per 20 ms frame: it cannot wrap in a session's
    // lifetime (2^32 frames = 2.7 years), so plain unsigned comparison is right here.
    if (!any_ || seq > highest_)
        return DropReason::None;
    const std::uint32_t behind = highest_ - seq;
    if (behind >= size_)
        return DropReason::TooOld;
    return seen_.test(behind) ? DropReason::Duplicate : DropReason::None;
}

DropReason ReplayWindow::accept(std::uint32_t seq)
{
    const DropReason reason = check(seq);
    if (reason != DropReason::None)
        return reason;
    if (!any_) {
        any_ = true;
        highest_ = seq;
        seen_.reset();
        seen_.set(0);
    } else if (seq > highest_) {
        const std::uint32_t advance = seq - highest_;
        if (advance >= kMaxSize)
            seen_.reset();
        else
            seen_ <<= advance;
        seen_.set(0);
        highest_ = seq;
    } else {
        seen_.set(highest_ - seq);
    }
    return DropReason::None;
}

} // namespace spk::media
