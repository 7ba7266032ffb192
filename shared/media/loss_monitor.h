#pragma once
// Decides when uplink loss is "heavy" (protocol.md §4: a session whose loss stays heavy is failed):
// the share of lost frames among the last N played frames has stayed above a threshold for a while
// (so one burst does not fail a session, sustained loss does). Latches once tripped.
#include <cstddef>
#include <vector>

namespace spk::media {

class LossMonitor
{
public:
    // window: frames considered (50 = 1 s of audio); threshold: lost share that is heavy, e.g. 0.30;
    // hold: for how many consecutive frames a full window must stay above threshold (25 = 0.5 s).
    explicit LossMonitor(std::size_t window = 50, double threshold = 0.30, std::size_t hold = 25);

    void record(bool lost);
    // True once a full window has stayed above threshold for `hold` frames; stays true.
    bool heavy() const { return heavy_; }
    // Lost share over the frames currently in the window (0 when empty).
    double recentLossRatio() const;
    std::size_t window() const { return slots_.size(); }

private:
    std::vector<bool> slots_; // ring of the last window frames, true = lost
    std::size_t next_ = 0;
    std::size_t filled_ = 0;
    std::size_t lostInWindow_ = 0;
    double threshold_;
    std::size_t hold_;
    std::size_t heldFor_ = 0;
    bool heavy_ = false;
};

} // namespace spk::media
