#include "firmware/request_history.h"

namespace spk::fw {

bool RequestHistory::contains(const std::string &requestId) const
{
    for (const auto &id : ids_)
        if (!id.empty() && id == requestId)
            return true;
    return false;
}

void RequestHistory::remember(const std::string &requestId)
{
    if (requestId.empty() || contains(requestId))
        return;
    ids_[next_] = requestId;
    next_ = (next_ + 1) % kCapacity;
}

} // namespace spk::fw
