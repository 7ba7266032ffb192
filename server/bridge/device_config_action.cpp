#include "server/bridge/device_config_action.h"

#include "server/mqtt/mqtt_client.h"
#include "server/storage/device_store.h"
#include "shared/protocol/device_messages.h"
#include "shared/protocol/topics.h"

#include <QJsonDocument>

namespace spk::server {

QString DeviceConfigAction::execute(const QString &deviceId, const QJsonObject &action, QString *error)
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
    const auto device = devices_.find(deviceId);
    if (!device) {
        *error = QStringLiteral("unknown device %1").arg(deviceId);
        return {};
    }
    QJsonObject merged = device->desiredConfig;
    const QJsonObject applied = patch->toJson();
    for (auto it = applied.begin(); it != applied.end(); ++it)
        merged.insert(it.key(), it.value());
    const QString requestId = spk::proto::newRequestId();
    if (devices_.setDesiredConfig(deviceId, merged, requestId) != StoreResult::Ok) {
        *error = QStringLiteral("could not store the config");
        return {};
    }
    QJsonObject payload = merged;
    payload.insert(QStringLiteral("request_id"), requestId);
    mqtt_.publish(spk::proto::deviceTopic(deviceId, spk::proto::DeviceTopic::Config),
                  QJsonDocument(payload).toJson(QJsonDocument::Compact), 1, true);
    return requestId;
}

} // namespace spk::server
