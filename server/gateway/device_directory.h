#pragma once
// In-memory index of the fleet (id -> owner, online), so the hot paths — status ingestion, live push
// filtering, permission checks — never query the database. Loaded at start, kept current by the gateway.
#include <QHash>
#include <QString>
#include <QStringList>
#include <optional>

namespace spk::server {
class DeviceStore;
class Gauge;

class DeviceDirectory
{
public:
    void load(DeviceStore &store);
    void add(const QString &id, qint64 ownerId);
    void remove(const QString &id);
    bool contains(const QString &id) const { return devices_.contains(id); }
    std::optional<qint64> ownerOf(const QString &id) const;
    // Returns true when the online flag changed.
    bool setOnline(const QString &id, bool online);
    int size() const { return devices_.size(); }
    int onlineCount() const { return online_; }
    // Keeps the gauges at onlineCount() and size() (spk_devices_online, spk_devices_registered).
    void exportCounts(Gauge *online, Gauge *registered);
    QStringList devicesOf(qint64 ownerId) const;

private:
    struct Entry
    {
        qint64 ownerId = 0;
        bool online = false;
    };
    void countsChanged();
    QHash<QString, Entry> devices_;
    int online_ = 0;
    Gauge *onlineGauge_ = nullptr;
    Gauge *registeredGauge_ = nullptr;
};

} // namespace spk::server
