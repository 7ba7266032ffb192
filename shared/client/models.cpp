#include "shared/client/models.h"

#include <algorithm>

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
    u.id = json::int64(o, QStringLiteral("id"));
    u.username = json::string(o, QStringLiteral("username"));
    u.role = json::string(o, QStringLiteral("role"));
    u.createdAt = json::dateTime(o, QStringLiteral("created_at"));
    u.raw = o;
    return u;
}

QList<User> User::listFromJson(const QJsonValue &v)
{
    return listFrom<User>(v, QStringLiteral("users"));
}

LoginResult LoginResult::fromJson(const QJsonObject &o)
{
    LoginResult r;
    r.token = json::string(o, QStringLiteral("token"));
    r.expiresAt = json::dateTime(o, QStringLiteral("expires_at"));
    r.user = User::fromJson(o.value(QStringLiteral("user")).toObject());
    return r;
}

Device Device::fromJson(const QJsonObject &o)
{
    Device d;
    d.id = json::string(o, QStringLiteral("id"));
    d.name = json::string(o, QStringLiteral("name"));
    d.ownerId = json::int64(o, QStringLiteral("owner_id"));
    d.online = o.value(QStringLiteral("online")).toBool(false);
    d.volume = optionalInt(o, QStringLiteral("volume"));
    d.battery = optionalInt(o, QStringLiteral("battery"));
    d.temperature = json::optionalNumber(o, QStringLiteral("temperature"));
    d.firmware = json::string(o, QStringLiteral("firmware"));
    d.lastSeen = json::dateTime(o, QStringLiteral("last_seen"));
    d.createdAt = json::dateTime(o, QStringLiteral("created_at"));
    d.updatedAt = json::dateTime(o, QStringLiteral("updated_at"));
    d.config = o.value(QStringLiteral("config")).toObject();
    d.configPending = o.value(QStringLiteral("config_pending")).toBool(false);
    d.secret = json::string(o, QStringLiteral("secret"));
    d.raw = o;
    return d;
}

QList<Device> Device::listFromJson(const QJsonValue &v)
{
    return listFrom<Device>(v, QStringLiteral("devices"));
}

SessionTurn SessionTurn::fromJson(const QJsonObject &o)
{
    SessionTurn t;
    t.role = json::string(o, QStringLiteral("role"));
    if (t.role.isEmpty())
        t.role = json::string(o, QStringLiteral("speaker"));
    t.text = json::string(o, QStringLiteral("text"));
    t.isFinal = o.value(QStringLiteral("is_final")).toBool(true);
    t.at = json::dateTime(o, QStringLiteral("at"));
    if (!t.at.isValid())
        t.at = json::dateTime(o, QStringLiteral("created_at"));
    t.raw = o;
    return t;
}

Session Session::fromJson(const QJsonObject &o)
{
    Session s;
    s.id = json::int64(o, QStringLiteral("id"));
    s.deviceId = json::string(o, QStringLiteral("device_id"));
    s.deviceSessionId = json::string(o, QStringLiteral("device_session_id"));
    s.status = json::string(o, QStringLiteral("status"));
    s.userQuery = json::string(o, QStringLiteral("user_query"));
    s.aiResponse = json::string(o, QStringLiteral("ai_response"));
    s.durationMs = json::optionalInt64(o, QStringLiteral("duration_ms"));
    s.createdAt = json::dateTime(o, QStringLiteral("created_at"));
    s.endedAt = json::dateTime(o, QStringLiteral("ended_at"));
    s.failureReason = json::string(o, QStringLiteral("failure_reason"));
    s.hasUserAudio = o.value(QStringLiteral("has_user_audio")).toBool(false);
    s.hasAssistantAudio = o.value(QStringLiteral("has_assistant_audio")).toBool(false);
    for (const QJsonValue &t : o.value(QStringLiteral("turns")).toArray()) {
        if (t.isObject())
            s.turns.append(SessionTurn::fromJson(t.toObject()));
    }
    const QJsonObject timings = o.value(QStringLiteral("timings")).toObject();
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
    p.sessions = listFrom<Session>(o, QStringLiteral("sessions"));
    p.next = json::string(o, QStringLiteral("next")); // null -> empty
    return p;
}

AuditEntry AuditEntry::fromJson(const QJsonObject &o)
{
    AuditEntry e;
    e.id = json::int64(o, QStringLiteral("id"));
    e.at = json::dateTime(o, QStringLiteral("at"));
    if (!e.at.isValid())
        e.at = json::dateTime(o, QStringLiteral("created_at"));
    e.actorId = json::int64(o, QStringLiteral("actor_id"));
    e.actor = json::string(o, QStringLiteral("actor"));
    if (e.actor.isEmpty())
        e.actor = json::string(o, QStringLiteral("actor_name"));
    e.action = json::string(o, QStringLiteral("action"));
    e.objectType = json::string(o, QStringLiteral("object_type"));
    e.objectId = json::string(o, QStringLiteral("object_id"));
    e.source = json::string(o, QStringLiteral("source"));
    e.details = o.value(QStringLiteral("details")).toObject();
    e.raw = o;
    return e;
}

QList<AuditEntry> AuditEntry::listFromJson(const QJsonValue &v)
{
    return listFrom<AuditEntry>(v, QStringLiteral("entries"));
}

} // namespace spk::client
