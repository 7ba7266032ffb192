#pragma once
// Remembers the last few request_ids a handler completed, so a redelivered command (retained config on
// reconnect, QoS 1 duplicates) is acknowledged again without being carried out twice. Bounded memory.
#include <array>
#include <cstddef>
#include <string>

namespace spk::fw {

class RequestHistory
{
public:
    static constexpr std::size_t kCapacity = 16;

    bool contains(const std::string &requestId) const;
    void remember(const std::string &requestId);

private:
    std::array<std::string, kCapacity> ids_;
    std::size_t next_ = 0;
};

} // namespace spk::fw
