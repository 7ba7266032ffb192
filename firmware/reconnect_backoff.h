#pragma once
// Exponential reconnect backoff with jitter ("equal jitter": half fixed, half random), so a fleet that
// lost its broker at once does not come back in lockstep. Sans-IO: the random source is seeded by the
// host (an ESP32 would use esp_random()), which also makes tests deterministic.
#include <cstdint>

namespace spk::fw {

struct BackoffPolicy
{
    uint32_t initialMs = 1000;
    uint32_t maxMs = 30000;
};

class ReconnectBackoff
{
public:
    explicit ReconnectBackoff(BackoffPolicy policy = {}, uint32_t seed = 1);

    // The delay before the next attempt: in [nominal/2, nominal], nominal = min(max, initial * 2^failures).
    uint32_t nextDelayMs();
    // The ceiling the next call to nextDelayMs() will use.
    uint32_t nominalDelayMs() const;
    // After a successful connection: the next failure starts from initialMs again.
    void reset() { failures_ = 0; }
    uint32_t failures() const { return failures_; }

private:
    uint32_t nextRandom();

    BackoffPolicy policy_;
    uint32_t failures_ = 0;
    uint32_t state_;
};

} // namespace spk::fw
