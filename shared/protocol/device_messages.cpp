#include "shared/protocol/device_messages.h"

#include "shared/protocol/ids.h"
#include "shared/protocol/json_input.h"

#include <QUuid>

namespace spk::proto {

QJsonObject DeviceStatus::toJson() const
{
    QJsonObject o;
    if (online)
        o.insert(QStringLiteral("online"), *online);
    if (battery)
        o.insert(QStringLiteral("battery"), *battery);
    if (volume)
        o.insert(QStringLiteral("volume"), *volume);
    if (temperature)
        o.insert(QStringLiteral("temperature"), *temperature);
    if (firmware)
        o.insert(QStringLiteral("firmware"), *firmware);
    return o;
}

std::optional<DeviceStatus> parseDeviceStatus(const QByteArray &payload, QString *error)
{
    const JsonObjectResult r = parseJsonObject(payload, kMaxMqttPayload);
    if (!r.ok()) {
        *error = r.error;
        return std::nullopt;
    }
    const QJsonObject &o = r.object;
    DeviceStatus s;
    if (o.contains(QLatin1String("online")) && !(s.online = readBool(o, QStringLiteral("online"), error)))
        return std::nullopt;
    if (o.contains(QLatin1String("battery")) &&
        !(s.battery = readBoundedInt(o, QStringLiteral("battery"), 0, 100, error)))
        return std::nullopt;
    if (o.contains(QLatin1String("volume")) &&
        !(s.volume = readBoundedInt(o, QStringLiteral("volume"), 0, 100, error)))
        return std::nullopt;
    if (o.contains(QLatin1String("temperature")) &&
        !(s.temperature = readNumber(o, QStringLiteral("temperature"), -50, 150, error)))
        return std::nullopt;
    if (o.contains(QLatin1String("firmware")) &&
        !(s.firmware = readString(o, QStringLiteral("firmware"), 32, error)))
        return std::nullopt;
    if (!s.online && !s.battery && !s.volume && !s.temperature && !s.firmware) {
        *error = QStringLiteral("status has no known field");
        return std::nullopt;
    }
    return s;
}

QJsonObject DeviceConfig::toJson() const
{
    QJsonObject o;
    if (volume)
        o.insert(QStringLiteral("volume"), *volume);
    if (muted)
        o.insert(QStringLiteral("muted"), *muted);
    return o;
}

DeviceConfig DeviceConfig::mergedWith(const DeviceConfig &patch) const
{
    DeviceConfig out = *this;
    if (patch.volume)
        out.volume = patch.volume;
    if (patch.muted)
        out.muted = patch.muted;
    return out;
}

std::optional<DeviceConfig> parseDeviceConfig(const QJsonObject &o, QString *error)
{
    DeviceConfig c;
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.key() == QLatin1String("volume")) {
            if (!(c.volume = readBoundedInt(o, it.key(), 0, 100, error)))
                return std::nullopt;
        } else if (it.key() == QLatin1String("muted")) {
            if (!(c.muted = readBool(o, it.key(), error)))
                return std::nullopt;
        } else {
            *error = QStringLiteral("unknown config key '%1' (known: volume, muted)").arg(it.key());
            return std::nullopt;
        }
    }
    if (c.isEmpty()) {
        *error = QStringLiteral("config is empty: set at least one of volume, muted");
        return std::nullopt;
    }
    return c;
}

bool isValidRequestId(const QString &id)
{
    return isValidDeviceSessionId(id);
}

QString newRequestId()
{
    return QUuid::createUuid().toString(QUuid::Id128);
}

std::optional<QString> parseAck(const QByteArray &payload, QJsonObject *rest, QString *error)
{
    const JsonObjectResult r = parseJsonObject(payload, kMaxMqttPayload);
    if (!r.ok()) {
        *error = r.error;
        return std::nullopt;
    }
    auto id = readString(r.object, QStringLiteral("request_id"), 64, error);
    if (!id)
        return std::nullopt;
    if (!isValidRequestId(*id)) {
        *error = QStringLiteral("'request_id' has characters outside [A-Za-z0-9_-]");
        return std::nullopt;
    }
    if (rest) {
        *rest = r.object;
        rest->remove(QStringLiteral("request_id"));
    }
    return id;
}

std::optional<QString> parseSessionIdPayload(const QByteArray &payload, QString *error)
{
    const JsonObjectResult r = parseJsonObject(payload, kMaxMqttPayload);
    if (!r.ok()) {
        *error = r.error;
        return std::nullopt;
    }
    auto id = readString(r.object, QStringLiteral("session_id"), 64, error);
    if (!id)
        return std::nullopt;
    if (!isValidDeviceSessionId(*id)) {
        *error = QStringLiteral("'session_id' must be 1-64 chars of [A-Za-z0-9_-]");
        return std::nullopt;
    }
    return id;
}

} // namespace spk::proto
