#pragma once
// The seed's "realtime device state in Redis" (scene 4): the last status each device reported, written
// by the gateway that consumed it the moment it arrives, before the batched database write
// (devices.status_flush_ms) and while the database is slow or away. GET /api/devices/{id} on any
// replica overlays it on the stored row when it is newer. With cache.url memory: it is this process's.
#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace spk::server {
class Cache;

class RealtimeDeviceState
{
public:
    RealtimeDeviceState(Cache &cache, const QString &keyPrefix);

    // status: the validated status fields (DeviceStatus::toJson()), reported at `at`.
    void store(const QString &deviceId, const QJsonObject &status, const QDateTime &at);
    void forget(const QString &deviceId);
    // device: a Device of CONTRACT §1 (deviceJson). Takes the fresher fields and last_seen from the
    // realtime state when it was reported after the row's last_seen; otherwise leaves it alone.
    void overlay(QJsonObject *device) const;

private:
    QString key(const QString &deviceId) const { return prefix_ + deviceId; }

    Cache &cache_;
    QString prefix_;
};

} // namespace spk::server
