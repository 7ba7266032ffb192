#pragma once
// The dialogue's device actions (e.g. "set the volume to 60") as config changes: a thin adapter that
// turns the action into a typed patch for DeviceConfigService, so a spoken change is persisted, audited
// (actor: the voice session, AuditActor::deviceSession) and published like any other. The gateway
// records the device's config/ack and pushes config_ack to watchers.
#include <QJsonObject>
#include <QString>
#include <memory>

namespace spk::server {
class DeviceConfigService;
class DeviceStore;
class MqttClient;

class DeviceConfigAction
{
public:
    explicit DeviceConfigAction(DeviceConfigService &service);
    // Standalone (tools, tests): its own audit log and publisher over the store's database.
    DeviceConfigAction(DeviceStore &devices, MqttClient &mqtt);
    ~DeviceConfigAction();

    // action: {"type":"set_volume","volume":0..100}; sessionId: the server id of the voice session that
    // asked (0: none). Returns the request_id, or empty (with *error) for an unknown/invalid action, an
    // unknown device or a storage failure.
    QString execute(const QString &deviceId, const QJsonObject &action, QString *error, qint64 sessionId = 0);

private:
    struct Standalone;
    std::unique_ptr<Standalone> owned_;
    DeviceConfigService &service_;
};

} // namespace spk::server
