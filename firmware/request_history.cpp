#include "firmware/request_history.h"

namespace spk::fw {

bool RequestHistory::contains(const std::string &requestId) const
{
    for (const auto &id : m_ids)
        if (!id.empty() && id == requestId)
            return true;
    return false;
}

void RequestHistory::remember(const std::string &requestId)
{
    if (requestId.empty() || contains(requestId))
        return;
    m_ids[m_next] = requestId;
    m_next = (m_next + 1) % kCapacity;
}

} // namespace spk::fw
