#pragma once
// Seed scene 1: device lists cached per viewer for a TTL, invalidated when a device in them changes
// (config ack, online/offline, add, delete). Admin and support see the same fleet-wide list, so they
// share one entry; a user's entry is keyed by their id (= the owner of the devices in it).
#include <QByteArray>
#include <QString>
#include <optional>

namespace spk::server {
class Cache;
struct Caller;

class DeviceListCache
{
public:
    DeviceListCache(Cache &cache, int ttlSeconds, QString prefix = {})
        : cache_(cache), ttl_(ttlSeconds), prefix_(std::move(prefix))
    {
    }

    // ownerFilter: the optional ?owner_id= of admin/support.
    QString keyFor(const Caller &caller, std::optional<qint64> ownerFilter) const;
    std::optional<QByteArray> get(const QString &key);
    void put(const QString &key, const QByteArray &json);
    // A device of ownerId changed: drop the lists that contain it.
    void invalidateOwner(qint64 ownerId);

private:
    Cache &cache_;
    int ttl_;
    QString prefix_;
};

} // namespace spk::server
