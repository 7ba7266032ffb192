#include "firmware/reconnect_backoff.h"

#include <algorithm>

namespace spk::fw {

ReconnectBackoff::ReconnectBackoff(BackoffPolicy policy, uint32_t seed)
    : policy_(policy), state_(seed ? seed : 0x9E3779B9u) // xorshift must not start at zero
{
    policy_.initialMs = std::max<uint32_t>(1, policy_.initialMs);
    policy_.maxMs = std::max(policy_.maxMs, policy_.initialMs);
}

uint32_t ReconnectBackoff::nominalDelayMs() const
{
    uint64_t nominal = policy_.initialMs;
    for (uint32_t i = 0; i < failures_ && nominal < policy_.maxMs; ++i)
        nominal *= 2;
    return static_cast<uint32_t>(std::min<uint64_t>(nominal, policy_.maxMs));
}

uint32_t ReconnectBackoff::nextDelayMs()
{
    const uint32_t nominal = nominalDelayMs();
    const uint32_t half = nominal / 2;
    const uint32_t jitter = nextRandom() % (nominal - half + 1);
    if (failures_ < 64)
        ++failures_;
    return half + jitter;
}

uint32_t ReconnectBackoff::nextRandom()
{
    // xorshift32: tiny, portable, good enough to spread reconnects.
    state_ ^= state_ << 13;
    state_ ^= state_ >> 17;
    state_ ^= state_ << 5;
    return state_;
}

} // namespace spk::fw
