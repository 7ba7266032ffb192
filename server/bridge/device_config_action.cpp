#include "server/bridge/device_config_action.h"

#include "server/core/metrics.h"
#include "server/devices/audit_log.h"
#include "server/devices/device_commands.h"
#include "server/devices/device_config_service.h"
#include "server/storage/audit_store.h"
#include "server/storage/device_store.h"
#include "shared/protocol/device_messages.h"

namespace spk::server {

struct DeviceConfigAction::Standalone
{
    Standalone(DeviceStore &devices, MqttClient &mqtt)
        : auditStore(devices.database()), audit(auditStore), commands(mqtt, metrics, 0),
          service(devices, audit, commands)
    {
    }
    Metrics metrics;
    AuditStore auditStore;
    AuditLog audit;
    DeviceCommands commands; // publishes only: acks are recorded by the gateway
    DeviceConfigService service;
};

DeviceConfigAction::DeviceConfigAction(DeviceConfigService &service) : service_(service) {}

DeviceConfigAction::DeviceConfigAction(DeviceStore &devices, MqttClient &mqtt)
    : owned_(std::make_unique<Standalone>(devices, mqtt)), service_(owned_->service)
{
}

DeviceConfigAction::~DeviceConfigAction() = default;

QString DeviceConfigAction::execute(const QString &deviceId, const QJsonObject &action, QString *error,
                                    qint64 sessionId)
{
    const QString type = action.value(QStringLiteral("type")).toString();
    QJsonObject patchJson;
    if (type == QLatin1String("set_volume")) {
        patchJson.insert(QStringLiteral("volume"), action.value(QStringLiteral("volume")));
    } else {
        *error = QStringLiteral("unknown device action \"%1\"").arg(type);
        return {};
    }
    // The same validation as PUT /api/devices/{id}/config.
    const auto patch = spk::proto::parseDeviceConfig(patchJson, error);
    if (!patch)
        return {};
    using Outcome = DeviceConfigService::Outcome;
    const auto sent = service_.change(deviceId, *patch, AuditActor::deviceSession(deviceId, sessionId));
    switch (sent.outcome) {
    case Outcome::Sent:
    case Outcome::BrokerUnavailable: // persisted; the retained message goes out when the broker is back
        return sent.requestId;
    case Outcome::UnknownDevice:
        *error = QStringLiteral("unknown device %1").arg(deviceId);
        return {};
    default:
        *error = QStringLiteral("could not store the config");
        return {};
    }
}

} // namespace spk::server
