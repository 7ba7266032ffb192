#include "server/gateway/device_directory.h"

#include "server/core/metrics.h"
#include "server/storage/device_store.h"

namespace spk::server {

void DeviceDirectory::load(DeviceStore &store)
{
    devices_.clear();
    online_ = 0;
    const auto all = store.list();
    for (const DeviceRecord &d : all) {
        devices_.insert(d.id, {d.ownerId, d.online});
        online_ += d.online ? 1 : 0;
    }
    countsChanged();
}

void DeviceDirectory::add(const QString &id, qint64 ownerId)
{
    auto it = devices_.find(id);
    if (it != devices_.end() && it->online)
        --online_;
    devices_.insert(id, {ownerId, false});
    countsChanged();
}

void DeviceDirectory::remove(const QString &id)
{
    auto it = devices_.find(id);
    if (it == devices_.end())
        return;
    if (it->online)
        --online_;
    devices_.erase(it);
    countsChanged();
}

void DeviceDirectory::exportCounts(Gauge *online, Gauge *registered)
{
    onlineGauge_ = online;
    registeredGauge_ = registered;
    countsChanged();
}

void DeviceDirectory::countsChanged()
{
    if (onlineGauge_)
        onlineGauge_->set(online_);
    if (registeredGauge_)
        registeredGauge_->set(devices_.size());
}

std::optional<qint64> DeviceDirectory::ownerOf(const QString &id) const
{
    auto it = devices_.constFind(id);
    if (it == devices_.cend())
        return std::nullopt;
    return it->ownerId;
}

bool DeviceDirectory::setOnline(const QString &id, bool online)
{
    auto it = devices_.find(id);
    if (it == devices_.end() || it->online == online)
        return false;
    it->online = online;
    online_ += online ? 1 : -1;
    countsChanged();
    return true;
}

QStringList DeviceDirectory::devicesOf(qint64 ownerId) const
{
    QStringList out;
    for (auto it = devices_.cbegin(); it != devices_.cend(); ++it)
        if (it->ownerId == ownerId)
            out.append(it.key());
    return out;
}

} // namespace spk::server
