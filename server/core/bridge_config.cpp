#include "server/core/bridge_config.h"

#include "server/core/config.h"

#include <QSysInfo>

namespace spk::server {

BridgeConfig BridgeConfig::fromServerConfig(const ServerConfig &config)
{
    BridgeConfig b = config.bridge;
    b.dataDir = config.dataDir;
    b.httpHost = config.httpHost;
    b.wsPingSeconds = config.wsPingSeconds;
    b.wsIdleTimeoutSeconds = config.wsIdleTimeoutSeconds;
    b.cacheKeyPrefix = config.cachePrefix;
    return b.withDefaults();
}

BridgeConfig BridgeConfig::withDefaults() const
{
    BridgeConfig b = *this;
    if (b.id.isEmpty())
        b.id = QSysInfo::machineHostName().left(64);
    if (b.id.isEmpty())
        b.id = QStringLiteral("bridge");
    return b;
}

} // namespace spk::server
