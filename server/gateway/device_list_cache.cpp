#include "server/gateway/device_list_cache.h"

#include "server/cache/cache.h"
#include "server/gateway/caller.h"

namespace spk::server {

QString DeviceListCache::keyFor(const Caller &caller, std::optional<qint64> ownerFilter) const
{
    if (!caller.seesAllDevices())
        return prefix_ + QStringLiteral("devlist:owner:%1").arg(caller.id);
    if (ownerFilter)
        return prefix_ + QStringLiteral("devlist:owner:%1").arg(*ownerFilter);
    return prefix_ + QStringLiteral("devlist:all");
}

std::optional<QByteArray> DeviceListCache::get(const QString &key)
{
    return cache_.get(key);
}

void DeviceListCache::put(const QString &key, const QByteArray &json)
{
    cache_.set(key, json, ttl_);
}

void DeviceListCache::invalidateOwner(qint64 ownerId)
{
    cache_.remove(
        {prefix_ + QStringLiteral("devlist:owner:%1").arg(ownerId), prefix_ + QStringLiteral("devlist:all")});
}

} // namespace spk::server
