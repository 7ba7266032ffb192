#include "server/gateway/device_directory.h"

#include "server/storage/device_store.h"

namespace spk::server {

void DeviceDirectory::load(DeviceStore &store)
{
    devices_.clear();
    const auto all = store.list();
    for (const DeviceRecord &d : all)
        devices_.insert(d.id, {d.ownerId, d.online});
}

void DeviceDirectory::add(const QString &id, qint64 ownerId)
{
    devices_.insert(id, {ownerId, false});
}

void DeviceDirectory::remove(const QString &id)
{
    devices_.remove(id);
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

int DeviceDirectory::onlineCount() const
{
    int n = 0;
    for (const Entry &e : devices_)
        n += e.online ? 1 : 0;
    return n;
}

} // namespace spk::server
