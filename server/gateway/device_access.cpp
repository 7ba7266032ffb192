#include "server/gateway/device_access.h"

#include "server/storage/device_store.h"
#include "shared/protocol/ids.h"

namespace spk::server {

bool canSee(const Caller &caller, const DeviceRecord &device)
{
    return caller.seesAllDevices() || device.ownerId == caller.id;
}

bool canControl(const Caller &caller, const DeviceRecord &device)
{
    return caller.isAdmin() || (caller.role == roles::kUser && device.ownerId == caller.id);
}

std::optional<DeviceRecord> findVisibleDevice(DeviceStore &store, const Caller &caller, const QString &id,
                                              const ExchangePtr &ex)
{
    std::optional<DeviceRecord> device;
    if (spk::proto::isValidDeviceId(id))
        device = store.find(id);
    if (!device || !canSee(caller, *device)) {
        ex->replyError(404, QStringLiteral("not_found"), QStringLiteral("no such device: %1").arg(id));
        return std::nullopt;
    }
    return device;
}

} // namespace spk::server
