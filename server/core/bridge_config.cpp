#include "server/core/bridge_config.h"

#include "server/core/config.h"

namespace spk::server {

BridgeConfig BridgeConfig::fromServerConfig(const ServerConfig &config)
{
    BridgeConfig b = config.bridge;
    b.dataDir = config.dataDir;
    b.httpHost = config.httpHost;
    b.wsPingSeconds = config.wsPingSeconds;
    b.wsIdleTimeoutSeconds = config.wsIdleTimeoutSeconds;
    return b;
}

} // namespace spk::server
