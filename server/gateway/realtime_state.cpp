#include "server/gateway/realtime_state.h"

#include "server/cache/cache.h"
#include "server/gateway/json_views.h"
#include "shared/wire/device_config.h"
#include "shared/wire/fields.h"

#include <QJsonDocument>

namespace spk::server {

namespace {
// Past a day the database row is as fresh as anything here (it is written within status_flush_ms);
// the expiry only keeps Redis from holding deleted devices forever.
constexpr int kStateTtlSeconds = 86400;
constexpr char kAt[] = "at";

// The Device fields a status can change (CONTRACT §1 / §3).
bool isStatusField(const QString &key)
{
    namespace field = spk::wire::field;
    for (const char *f : {field::kOnline, field::kBattery, field::kTemperature, field::kFirmware})
        if (key == QLatin1String(f))
            return true;
    for (const spk::wire::ConfigKey &k : spk::wire::kConfigKeys)
        if (key == QLatin1String(k.name))
            return true;
    return false;
}
} // namespace

RealtimeDeviceState::RealtimeDeviceState(Cache &cache, const QString &keyPrefix)
    : cache_(cache), prefix_(keyPrefix + QStringLiteral("device:state:"))
{
}

void RealtimeDeviceState::store(const QString &deviceId, const QJsonObject &status, const QDateTime &at)
{
    QJsonObject state = status;
    state.insert(QLatin1String(kAt), rfc3339(at));
    cache_.set(key(deviceId), QJsonDocument(state).toJson(QJsonDocument::Compact), kStateTtlSeconds);
}

void RealtimeDeviceState::forget(const QString &deviceId)
{
    cache_.remove({key(deviceId)});
}

void RealtimeDeviceState::overlay(QJsonObject *device) const
{
    namespace field = spk::wire::field;
    const QString id = device->value(QLatin1String(field::kId)).toString();
    const std::optional<QByteArray> raw = cache_.get(key(id));
    if (!raw)
        return;
    const QJsonObject state = QJsonDocument::fromJson(*raw).object();
    const QDateTime at = QDateTime::fromString(state.value(QLatin1String(kAt)).toString(), Qt::ISODateWithMs);
    const QDateTime stored =
        QDateTime::fromString(device->value(QLatin1String(field::kLastSeen)).toString(), Qt::ISODateWithMs);
    if (!at.isValid() || (stored.isValid() && at <= stored))
        return; // the row already has this report (or a newer one)
    for (auto it = state.begin(); it != state.end(); ++it)
        if (isStatusField(it.key()))
            device->insert(it.key(), it.value());
    device->insert(QLatin1String(field::kLastSeen), state.value(QLatin1String(kAt)));
}

} // namespace spk::server
