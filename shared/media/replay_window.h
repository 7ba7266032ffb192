#pragma once
// Per-session anti-replay window over the uplink seq (protocol.md §4): a sliding bitmap of the last N
// sequence numbers (N <= 128), as in IPsec/DTLS. Feed it only authenticated packets. Qt-free.
#include "shared/media/udp_drop_reason.h"

#include <bitset>
#include <cstdint>

namespace spk::media {

class ReplayWindow
{
public:
    static constexpr unsigned kMaxSize = 128;

    // size is clamped to 1..128 frames (128 frames = 2.56 s of 20 ms audio).
    explicit ReplayWindow(unsigned size = kMaxSize);

    // None if seq is new and inside the window, else Duplicate or TooOld. Does not record.
    DropReason check(std::uint32_t seq) const;
    // check() and, when the result is None, records seq as seen.
    DropReason accept(std::uint32_t seq);

    unsigned size() const { return size_; }
    bool empty() const { return !any_; }
    std::uint32_t highest() const { return highest_; }

private:
    unsigned size_;
    bool any_ = false;
    std::uint32_t highest_ = 0;
    std::bitset<kMaxSize> seen_; // bit i: seq (highest_ - i) was seen
};

} // namespace spk::media
