#include "server/devices/device_config_service.h"

#include "server/core/logging.h"
#include "server/devices/audit_log.h"
#include "server/devices/device_commands.h"
#include "server/storage/device_store.h"
#include "shared/protocol/device_messages.h"

namespace spk::server {

using spk::wire::DeviceConfig;

DeviceConfigService::DeviceConfigService(DeviceStore &store, AuditLog &audit, DeviceCommands &commands,
                                         QObject *parent)
    : QObject(parent), store_(store), audit_(audit), commands_(commands)
{
}

DeviceConfigService::Result DeviceConfigService::change(const QString &deviceId, const DeviceConfig &patch,
                                                        const AuditActor &actor, Completion done)
{
    Result result;
    if (patch.isEmpty()) {
        result.outcome = Outcome::InvalidConfig;
        return result;
    }
    // Persist first, so the change survives us and reaches a device that is offline now.
    const QString requestId = spk::proto::newRequestId();
    switch (store_.setDesiredConfig(deviceId, patch, requestId, &result.config)) {
    case StoreResult::Ok:
        break;
    case StoreResult::NotFound:
        result.outcome = Outcome::UnknownDevice;
        return result;
    default:
        result.outcome = Outcome::StoreFailed;
        return result;
    }
    result.requestId = requestId;
    audit_.record(
        actor, QStringLiteral("device.config"), QStringLiteral("device"), deviceId,
        {{QStringLiteral("config"), spk::proto::toJson(patch)}, {QStringLiteral("request_id"), requestId}});

    DeviceCommands::Completion onAck;
    if (done)
        onAck = [done = std::move(done), desired = result.config, requestId](bool acked,
                                                                             const QJsonObject &reported) {
            done(acked, desired.mergedWith(spk::proto::readConfigValues(reported)), requestId);
        };
    const bool queued = commands_.send(DeviceCommands::Kind::Config, deviceId, requestId,
                                       spk::proto::toJson(result.config), std::move(onAck));
    result.outcome = queued ? Outcome::Sent : Outcome::BrokerUnavailable;
    return result;
}

void DeviceConfigService::trackAcks()
{
    commands_.setConfigAckRecorder(
        [this](const QString &deviceId, const QString &requestId, const DeviceConfig &applied) {
            return recordAck(deviceId, requestId, applied);
        });
}

bool DeviceConfigService::recordAck(const QString &deviceId, const QString &requestId,
                                    const DeviceConfig &applied)
{
    const StoreResult stored = store_.markConfigApplied(deviceId, requestId, applied);
    if (stored == StoreResult::Conflict || stored == StoreResult::NotFound)
        return false; // not the pending request, or no such device: nothing changed
    if (stored != StoreResult::Ok) {
        const LogContext log({{"device_id", deviceId}, {"request_id", requestId}});
        qCWarning(lcDevices) << "could not store the config ack" << requestId << "of" << deviceId;
        return false;
    }
    emit configApplied(deviceId, requestId, applied);
    return true;
}

} // namespace spk::server
