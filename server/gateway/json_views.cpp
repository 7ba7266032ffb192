#include "server/gateway/json_views.h"

#include <QJsonArray>

namespace spk::server {

QString rfc3339(const QDateTime &t)
{
    if (!t.isValid())
        return {};
    return t.toUTC().toString(Qt::ISODateWithMs);
}

static QJsonValue timeOrNull(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(rfc3339(t)) : QJsonValue();
}

template <typename T> static QJsonValue optionalValue(const std::optional<T> &v)
{
    return v ? QJsonValue(*v) : QJsonValue();
}

QJsonObject userJson(const UserRecord &u)
{
    return {{QStringLiteral("id"), u.id},
            {QStringLiteral("username"), u.username},
            {QStringLiteral("role"), u.role},
            {QStringLiteral("created_at"), timeOrNull(u.createdAt)}};
}

QJsonObject deviceJson(const DeviceRecord &d)
{
    QJsonObject o{{QStringLiteral("id"), d.id},
                  {QStringLiteral("name"), d.name},
                  {QStringLiteral("owner_id"), d.ownerId},
                  {QStringLiteral("online"), d.online},
                  {QStringLiteral("battery"), optionalValue(d.battery)},
                  {QStringLiteral("temperature"), optionalValue(d.temperature)},
                  {QStringLiteral("firmware"), d.firmware.isEmpty() ? QJsonValue() : QJsonValue(d.firmware)},
                  {QStringLiteral("last_seen"), timeOrNull(d.lastSeen)},
                  {QStringLiteral("created_at"), timeOrNull(d.createdAt)},
                  {QStringLiteral("updated_at"), timeOrNull(d.updatedAt)},
                  {QStringLiteral("config"), d.desiredConfig},
                  {QStringLiteral("config_pending"), d.configPending}};
    // What the device last reported applying, one field per config key (volume, muted, …); null if unknown.
    for (const spk::wire::ConfigKey &k : spk::wire::kConfigKeys) {
        const auto v = k.get(d.applied);
        QJsonValue value;
        if (v)
            value = k.type == spk::wire::ConfigValueType::Boolean ? QJsonValue(*v != 0) : QJsonValue(*v);
        o.insert(QLatin1String(k.name), value);
    }
    return o;
}

QJsonObject sessionJson(const SessionRecord &s)
{
    return {{QStringLiteral("id"), s.id},
            {QStringLiteral("device_id"), s.deviceId},
            {QStringLiteral("device_session_id"), s.deviceSessionId},
            {QStringLiteral("status"), s.status},
            {QStringLiteral("user_query"), s.userQuery},
            {QStringLiteral("ai_response"), s.aiResponse},
            {QStringLiteral("duration_ms"), s.endedAt.isValid() ? QJsonValue(s.durationMs()) : QJsonValue()},
            {QStringLiteral("created_at"), timeOrNull(s.createdAt)},
            {QStringLiteral("ended_at"), timeOrNull(s.endedAt)},
            {QStringLiteral("failure_reason"),
             s.failureReason.isEmpty() ? QJsonValue() : QJsonValue(s.failureReason)},
            {QStringLiteral("has_user_audio"), !s.userAudioPath.isEmpty()},
            {QStringLiteral("has_assistant_audio"), !s.assistantAudioPath.isEmpty()}};
}

QJsonObject sessionDetailJson(const SessionRecord &s, const QList<TranscriptRecord> &transcripts)
{
    QJsonObject o = sessionJson(s);
    QJsonArray turns;
    if (!s.userQuery.isEmpty())
        turns.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                 {QStringLiteral("text"), s.userQuery}});
    if (!s.aiResponse.isEmpty())
        turns.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")},
                                 {QStringLiteral("text"), s.aiResponse}});
    o.insert(QStringLiteral("turns"), turns);
    o.insert(QStringLiteral("timings"), s.timings);
    QJsonArray tr;
    for (const TranscriptRecord &t : transcripts)
        tr.append(QJsonObject{{QStringLiteral("text"), t.text},
                              {QStringLiteral("is_final"), t.isFinal},
                              {QStringLiteral("at"), timeOrNull(t.at)}});
    o.insert(QStringLiteral("transcripts"), tr);
    return o;
}

QJsonObject auditJson(const AuditRecord &a)
{
    return {{QStringLiteral("id"), a.id},
            {QStringLiteral("at"), timeOrNull(a.at)},
            {QStringLiteral("actor_id"), a.actorId ? QJsonValue(a.actorId) : QJsonValue()},
            {QStringLiteral("actor"), a.actorName},
            {QStringLiteral("action"), a.action},
            {QStringLiteral("object_type"), a.objectType},
            {QStringLiteral("object_id"), a.objectId},
            {QStringLiteral("source"), a.source},
            {QStringLiteral("details"), a.details}};
}

} // namespace spk::server
