#pragma once
// The `role` key: which services one spkd process runs.
#include "server/core/config_enum.h"

namespace spk::server {

enum class ServerRole { All, Gateway, Bridge };

template <> struct ConfigEnum<ServerRole>
{
    static constexpr ConfigEnumName<ServerRole> kNames[] = {
        {ServerRole::All, "all"}, {ServerRole::Gateway, "gateway"}, {ServerRole::Bridge, "bridge"}};
};

inline bool runsGateway(ServerRole role)
{
    return role != ServerRole::Bridge;
}
inline bool runsBridge(ServerRole role)
{
    return role != ServerRole::Gateway;
}

} // namespace spk::server
