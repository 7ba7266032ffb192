#pragma once
// Device-facing MQTT payloads of protocol.md §3: parsing with validation, and building.
#include "shared/wire/device_config.h"
#include "shared/wire/limits.h"

#include <QJsonObject>
#include <QString>
#include <optional>

namespace spk::proto {

using spk::wire::ConfigKey;
using spk::wire::ConfigValueType;
using spk::wire::DeviceConfig;
using spk::wire::kConfigKeys;

constexpr qsizetype kMaxMqttPayload = qsizetype(spk::wire::kMaxMqttPayload);

// device/{id}/status. Every field is optional (the LWT carries only "online").
struct DeviceStatus
{
    std::optional<bool> online;
    std::optional<int> battery;        // 0–100 %
    DeviceConfig config;               // the config keys it reports running (volume, muted, …)
    std::optional<double> temperature; // °C, -50–150
    std::optional<QString> firmware;   // up to 32 chars

    QJsonObject toJson() const;
};
// Returns nullopt and sets *error for a payload that is not a valid status object.
std::optional<DeviceStatus> parseDeviceStatus(const QByteArray &payload, QString *error);

// The device configuration (DeviceConfig and its key table: shared/wire/device_config.h) as JSON.
QJsonObject toJson(const DeviceConfig &config);
// Strict: unknown keys, wrong types and out-of-range values are errors; an empty object is an error.
std::optional<DeviceConfig> parseDeviceConfig(const QJsonObject &o, QString *error);
// The known keys present in o, each checked by type and range (an invalid one is an error); other
// fields are ignored. For a status, which carries config keys among its own fields.
std::optional<DeviceConfig> readConfigKeys(const QJsonObject &o, QString *error);
// Lenient: the known keys that carry a valid value; anything else is ignored. For what a device
// reports in config/ack and for the stored desired config.
DeviceConfig readConfigValues(const QJsonObject &o);

// request_id: 1–64 chars of [A-Za-z0-9_-].
bool isValidRequestId(const QString &id);
QString newRequestId();
// {"request_id": …} of config/ack, reboot/ack; the rest of the object is returned in *rest.
std::optional<QString> parseAck(const QByteArray &payload, QJsonObject *rest, QString *error);

// wake and session_end: {"session_id": …}
std::optional<QString> parseSessionIdPayload(const QByteArray &payload, QString *error);

} // namespace spk::proto
