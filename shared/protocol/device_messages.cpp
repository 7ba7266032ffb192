#include "shared/protocol/device_messages.h"

#include "shared/protocol/ids.h"
#include "shared/protocol/json_input.h"

#include <QStringList>
#include <QUuid>

namespace spk::proto {

QJsonObject DeviceStatus::toJson() const
{
    QJsonObject o;
    if (online)
        o.insert(QStringLiteral("online"), *online);
    if (battery)
        o.insert(QStringLiteral("battery"), *battery);
    const QJsonObject keys = spk::proto::toJson(config);
    for (auto it = keys.begin(); it != keys.end(); ++it)
        o.insert(it.key(), it.value());
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
    const auto reported = readConfigKeys(o, error);
    if (!reported)
        return std::nullopt;
    s.config = *reported;
    if (o.contains(QLatin1String("temperature")) &&
        !(s.temperature = readNumber(o, QStringLiteral("temperature"), -50, 150, error)))
        return std::nullopt;
    if (o.contains(QLatin1String("firmware")) &&
        !(s.firmware =
              readString(o, QStringLiteral("firmware"), int(spk::wire::kMaxFirmwareVersionChars), error)))
        return std::nullopt;
    if (!s.online && !s.battery && s.config.isEmpty() && !s.temperature && !s.firmware) {
        *error = QStringLiteral("status has no known field");
        return std::nullopt;
    }
    return s;
}

QJsonObject toJson(const DeviceConfig &config)
{
    QJsonObject o;
    for (const ConfigKey &k : kConfigKeys) {
        const auto v = k.get(config);
        if (!v)
            continue;
        if (k.type == ConfigValueType::Boolean)
            o.insert(QLatin1String(k.name), *v != 0);
        else
            o.insert(QLatin1String(k.name), *v);
    }
    return o;
}

namespace {

QString knownConfigKeys()
{
    QStringList names;
    for (const ConfigKey &k : kConfigKeys)
        names << QLatin1String(k.name);
    return names.join(QStringLiteral(", "));
}

// The key's value in o as an integer (booleans 0/1), validated by type and range.
std::optional<int> readConfigValue(const QJsonObject &o, const ConfigKey &k, QString *error)
{
    const QString name = QLatin1String(k.name);
    if (k.type == ConfigValueType::Boolean) {
        const auto b = readBool(o, name, error);
        return b ? std::optional<int>(*b ? 1 : 0) : std::nullopt;
    }
    return readBoundedInt(o, name, k.min, k.max, error);
}

} // namespace

std::optional<DeviceConfig> parseDeviceConfig(const QJsonObject &o, QString *error)
{
    DeviceConfig c;
    for (auto it = o.begin(); it != o.end(); ++it) {
        const QByteArray name = it.key().toUtf8();
        const ConfigKey *k =
            spk::wire::findConfigKey(std::string_view(name.constData(), size_t(name.size())));
        if (!k) {
            *error = QStringLiteral("unknown config key '%1' (known: %2)").arg(it.key(), knownConfigKeys());
            return std::nullopt;
        }
        const auto v = readConfigValue(o, *k, error);
        if (!v)
            return std::nullopt;
        k->set(c, *v);
    }
    if (c.isEmpty()) {
        *error = QStringLiteral("config is empty: set at least one of %1").arg(knownConfigKeys());
        return std::nullopt;
    }
    return c;
}

std::optional<DeviceConfig> readConfigKeys(const QJsonObject &o, QString *error)
{
    DeviceConfig c;
    for (const ConfigKey &k : kConfigKeys) {
        if (!o.contains(QLatin1String(k.name)))
            continue;
        const auto v = readConfigValue(o, k, error);
        if (!v)
            return std::nullopt;
        k.set(c, *v);
    }
    return c;
}

DeviceConfig readConfigValues(const QJsonObject &o)
{
    DeviceConfig c;
    QString ignored;
    for (const ConfigKey &k : kConfigKeys)
        if (o.contains(QLatin1String(k.name)))
            if (const auto v = readConfigValue(o, k, &ignored))
                k.set(c, *v);
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
