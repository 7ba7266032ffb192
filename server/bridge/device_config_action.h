#pragma once
// Executes the dialogue's device actions (e.g. "set the volume to 60") through the normal config path
// of seed scene 2, so the console sees them like any other change: the desired config is persisted
// with a new request_id, then published retained on device/{id}/config. The gateway matches the
// device's config/ack and pushes config_ack to watchers.
#include <QJsonObject>
#include <QString>

namespace spk::server {
class DeviceStore;
class MqttClient;

class DeviceConfigAction
{
public:
    DeviceConfigAction(DeviceStore &devices, MqttClient &mqtt) : devices_(devices), mqtt_(mqtt) {}

    // action: {"type":"set_volume","volume":0..100}. Returns the request_id, or empty (with *error)
    // for an unknown/invalid action, an unknown device or a storage failure.
    QString execute(const QString &deviceId, const QJsonObject &action, QString *error);

private:
    DeviceStore &devices_;
    MqttClient &mqtt_;
};

} // namespace spk::server
