#pragma once
// Finding a device on behalf of a caller: another owner's device is "not found" (protocol.md §1: never reveal
// it exists).
#include "server/gateway/caller.h"
#include "server/http/http_exchange.h"
#include "server/storage/records.h"

#include <optional>

namespace spk::server {
class DeviceStore;

bool canSee(const Caller &caller, const DeviceRecord &device);
// Answers 404 and returns nullopt when the device does not exist or the caller may not see it.
std::optional<DeviceRecord> findVisibleDevice(DeviceStore &store, const Caller &caller, const QString &id,
                                              const ExchangePtr &ex);
// Config and reboot: the owner and admins; support is read-only (403).
bool canControl(const Caller &caller, const DeviceRecord &device);

} // namespace spk::server
