#include "shared/client/models.h"

#include "shared/wire/fields.h"

#include <algorithm>

namespace field = spk::wire::field;

namespace spk::client {

namespace json {

QString string(const QJsonObject &o, const QString &key)
{
    const QJsonValue v = o.value(key);
    if (v.isString())
        return v.toString();
    if (v.isDouble()) {
        const double d = v.toDouble();
        if (d == static_cast<double>(static_cast<qint64>(d)))
            return QString::number(static_cast<qint64>(d));
        return QString::number(d);
    }
    return {};
}

std::optional<qint64> optionalInt64(const QJsonObject &o, const QString &key)
{
    const QJsonValue v = o.value(key);
    if (v.isDouble())
        return static_cast<qint64>(v.toDouble());
    if (v.isString()) {
        bool ok = false;
        const qint64 n = v.toString().toLongLong(&ok);
        if (ok)
            return n;
    }
    return std::nullopt;
}

qint64 int64(const QJsonObject &o, const QString &key, qint64 fallback)
{
    return optionalInt64(o, key).value_or(fallback);
}

std::optional<double> optionalNumber(const QJsonObject &o, const QString &key)
{
    const QJsonValue v = o.value(key);
    if (v.isDouble())
        return v.toDouble();
    if (v.isString()) {
        bool ok = false;
        const double d = v.toString().toDouble(&ok);
        if (ok)
            return d;
    }
    return std::nullopt;
}

QDateTime dateTime(const QJsonObject &o, const QString &key)
{
    const QJsonValue v = o.value(key);
    if (v.isString()) {
        QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
        if (!t.isValid())
            t = QDateTime::fromString(v.toString(), Qt::ISODate);
        return t.isValid() ? t.toUTC() : QDateTime();
    }
    if (v.isDouble())
        return QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(v.toDouble()), Qt::UTC);
    return {};
}

} // namespace json

namespace {

// Accepts {"<key>":[…]} or a bare array; skips elements that are not objects.
template <typename T> QList<T> listFrom(const QJsonValue &v, const QString &key)
{
    const QJsonArray array = v.isArray() ? v.toArray() : v.toObject().value(key).toArray();
    QList<T> out;
    out.reserve(array.size());
    for (const QJsonValue &item : array) {
        if (item.isObject())
            out.append(T::fromJson(item.toObject()));
    }
    return out;
}

std::optional<int> optionalInt(const QJsonObject &o, const QString &key)
{
    const auto n = json::optionalNumber(o, key);
    if (!n)
        return std::nullopt;
    return static_cast<int>(*n);
}

} // namespace

User User::fromJson(const QJsonObject &o)
{
    User u;
    u.id = json::int64(o, QLatin1String(field::kId));
    u.username = json::string(o, QLatin1String(field::kUsername));
    u.role = json::string(o, QLatin1String(field::kRole));
    u.createdAt = json::dateTime(o, QLatin1String(field::kCreatedAt));
    u.raw = o;
    return u;
}

QList<User> User::listFromJson(const QJsonValue &v)
{
    return listFrom<User>(v, QLatin1String(field::kUsers));
}

LoginResult LoginResult::fromJson(const QJsonObject &o)
{
    LoginResult r;
    r.token = json::string(o, QLatin1String(field::kToken));
    r.expiresAt = json::dateTime(o, QLatin1String(field::kExpiresAt));
    r.user = User::fromJson(o.value(QLatin1String(field::kUser)).toObject());
    return r;
}

Device Device::fromJson(const QJsonObject &o)
{
    Device d;
    d.id = json::string(o, QLatin1String(field::kId));
    d.name = json::string(o, QLatin1String(field::kName));
    d.ownerId = json::int64(o, QLatin1String(field::kOwnerId));
    d.online = o.value(QLatin1String(field::kOnline)).toBool(false);
    d.volume = optionalInt(o, QLatin1String(field::kVolume));
    d.battery = optionalInt(o, QLatin1String(field::kBattery));
    d.temperature = json::optionalNumber(o, QLatin1String(field::kTemperature));
    d.firmware = json::string(o, QLatin1String(field::kFirmware));
    d.lastSeen = json::dateTime(o, QLatin1String(field::kLastSeen));
    d.createdAt = json::dateTime(o, QLatin1String(field::kCreatedAt));
    d.updatedAt = json::dateTime(o, QLatin1String(field::kUpdatedAt));
    d.config = o.value(QLatin1String(field::kConfig)).toObject();
    d.configPending = o.value(QLatin1String(field::kConfigPending)).toBool(false);
    d.secret = json::string(o, QLatin1String(field::kSecret));
    d.raw = o;
    return d;
}

QList<Device> Device::listFromJson(const QJsonValue &v)
{
    return listFrom<Device>(v, QLatin1String(field::kDevices));
}

SessionTurn SessionTurn::fromJson(const QJsonObject &o)
{
    SessionTurn t;
    t.role = json::string(o, QLatin1String(field::kRole));
    if (t.role.isEmpty())
        t.role = json::string(o, QStringLiteral("speaker"));
    t.text = json::string(o, QLatin1String(field::kText));
    t.isFinal = o.value(QLatin1String(field::kIsFinal)).toBool(true);
    t.at = json::dateTime(o, QLatin1String(field::kAt));
    if (!t.at.isValid())
        t.at = json::dateTime(o, QLatin1String(field::kCreatedAt));
    t.raw = o;
    return t;
}

Session Session::fromJson(const QJsonObject &o)
{
    Session s;
    s.id = json::int64(o, QLatin1String(field::kId));
    s.deviceId = json::string(o, QLatin1String(field::kDeviceId));
    s.deviceSessionId = json::string(o, QLatin1String(field::kDeviceSessionId));
    s.status = json::string(o, QLatin1String(field::kStatus));
    s.userQuery = json::string(o, QLatin1String(field::kUserQuery));
    s.aiResponse = json::string(o, QLatin1String(field::kAiResponse));
    s.durationMs = json::optionalInt64(o, QLatin1String(field::kDurationMs));
    s.createdAt = json::dateTime(o, QLatin1String(field::kCreatedAt));
    s.endedAt = json::dateTime(o, QLatin1String(field::kEndedAt));
    s.failureReason = json::string(o, QLatin1String(field::kFailureReason));
    s.hasUserAudio = o.value(QLatin1String(field::kHasUserAudio)).toBool(false);
    s.hasAssistantAudio = o.value(QLatin1String(field::kHasAssistantAudio)).toBool(false);
    for (const QJsonValue &t : o.value(QLatin1String(field::kTurns)).toArray()) {
        if (t.isObject())
            s.turns.append(SessionTurn::fromJson(t.toObject()));
    }
    const QJsonObject timings = o.value(QLatin1String(field::kTimings)).toObject();
    for (auto it = timings.begin(); it != timings.end(); ++it) {
        if (it.value().isDouble())
            s.timings.append({it.key(), static_cast<qint64>(it.value().toDouble())});
    }
    std::stable_sort(s.timings.begin(), s.timings.end(),
                     [](const auto &a, const auto &b) { return a.second < b.second; });
    s.raw = o;
    return s;
}

SessionPage SessionPage::fromJson(const QJsonObject &o)
{
    SessionPage p;
    p.sessions = listFrom<Session>(o, QLatin1String(field::kSessions));
    p.next = json::string(o, QLatin1String(field::kNext)); // null -> empty
    return p;
}

AuditEntry AuditEntry::fromJson(const QJsonObject &o)
{
    AuditEntry e;
    e.id = json::int64(o, QLatin1String(field::kId));
    e.at = json::dateTime(o, QLatin1String(field::kAt));
    if (!e.at.isValid())
        e.at = json::dateTime(o, QLatin1String(field::kCreatedAt));
    e.actorId = json::int64(o, QLatin1String(field::kActorId));
    e.actor = json::string(o, QLatin1String(field::kActor));
    if (e.actor.isEmpty())
        e.actor = json::string(o, QStringLiteral("actor_name"));
    e.action = json::string(o, QLatin1String(field::kAction));
    e.objectType = json::string(o, QLatin1String(field::kObjectType));
    e.objectId = json::string(o, QLatin1String(field::kObjectId));
    e.source = json::string(o, QLatin1String(field::kSource));
    e.details = o.value(QLatin1String(field::kDetails)).toObject();
    e.raw = o;
    return e;
}

QList<AuditEntry> AuditEntry::listFromJson(const QJsonValue &v)
{
    return listFrom<AuditEntry>(v, QLatin1String(field::kEntries));
}

} // namespace spk::client
