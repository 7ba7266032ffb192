#include "server/cache/cache.h"

#include "server/cache/memory_cache.h"
#include "server/cache/redis_cache.h"

namespace spk::server {

std::unique_ptr<Cache> openCache(const QString &url, QString *error)
{
    if (url == QLatin1String("memory:"))
        return std::make_unique<MemoryCache>();
    if (url.startsWith(QLatin1String("redis://"))) {
        const std::optional<RedisUrl> parsed = RedisUrl::parse(url, error);
        if (!parsed)
            return nullptr;
        return std::make_unique<RedisCache>(*parsed);
    }
    if (error)
        *error =
            QStringLiteral("unsupported cache URL (expected memory: or redis://host:port[/db]): %1").arg(url);
    return nullptr;
}

} // namespace spk::server
