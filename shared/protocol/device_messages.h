#pragma once
// Device-facing MQTT payloads of CONTRACT §3: parsing with validation, and building.
#include "shared/wire/limits.h"

#include <QJsonObject>
#include <QString>
#include <optional>

namespace spk::proto {

constexpr qsizetype kMaxMqttPayload = qsizetype(spk::wire::kMaxMqttPayload);

// device/{id}/status. Every field is optional (the LWT carries only "online").
struct DeviceStatus
{
    std::optional<bool> online;
    std::optional<int> battery;        // 0–100 %
    std::optional<int> volume;         // 0–100
    std::optional<double> temperature; // °C, -50–150
    std::optional<QString> firmware;   // up to 32 chars

    QJsonObject toJson() const;
};
// Returns nullopt and sets *error for a payload that is not a valid status object.
std::optional<DeviceStatus> parseDeviceStatus(const QByteArray &payload, QString *error);

// The device configuration people may change (PUT /api/devices/{id}/config, device/{id}/config).
struct DeviceConfig
{
    std::optional<int> volume; // 0–100
    std::optional<bool> muted;

    bool isEmpty() const { return !volume && !muted; }
    QJsonObject toJson() const;
    // Fields set in `patch` override ours.
    DeviceConfig mergedWith(const DeviceConfig &patch) const;
};
// Strict: unknown keys, wrong types and out-of-range values are errors; an empty object is an error.
std::optional<DeviceConfig> parseDeviceConfig(const QJsonObject &o, QString *error);

// request_id: 1–64 chars of [A-Za-z0-9_-].
bool isValidRequestId(const QString &id);
QString newRequestId();
// {"request_id": …} of config/ack, reboot/ack; the rest of the object is returned in *rest.
std::optional<QString> parseAck(const QByteArray &payload, QJsonObject *rest, QString *error);

// wake and session_end: {"session_id": …}
std::optional<QString> parseSessionIdPayload(const QByteArray &payload, QString *error);

} // namespace spk::proto
