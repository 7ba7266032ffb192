#include "firmware/reconnect_backoff.h"

#include <algorithm>

namespace spk::fw {

ReconnectBackoff::ReconnectBackoff(BackoffPolicy policy, uint32_t seed)
    : m_policy(policy), m_state(seed ? seed : 0x9E3779B9u) // xorshift must not start at zero
{
    m_policy.initialMs = std::max<uint32_t>(1, m_policy.initialMs);
    m_policy.maxMs = std::max(m_policy.maxMs, m_policy.initialMs);
}

uint32_t ReconnectBackoff::nominalDelayMs() const
{
    uint64_t nominal = m_policy.initialMs;
    for (uint32_t i = 0; i < m_failures && nominal < m_policy.maxMs; ++i)
        nominal *= 2;
    return static_cast<uint32_t>(std::min<uint64_t>(nominal, m_policy.maxMs));
}

uint32_t ReconnectBackoff::nextDelayMs()
{
    const uint32_t nominal = nominalDelayMs();
    const uint32_t half = nominal / 2;
    const uint32_t jitter = nextRandom() % (nominal - half + 1);
    if (m_failures < 64)
        ++m_failures;
    return half + jitter;
}

uint32_t ReconnectBackoff::nextRandom()
{
    // xorshift32: tiny, portable, good enough to spread reconnects.
    m_state ^= m_state << 13;
    m_state ^= m_state >> 17;
    m_state ^= m_state << 5;
    return m_state;
}

} // namespace spk::fw
