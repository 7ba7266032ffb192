#include "server/gateway/json_views.h"

#include "shared/wire/fields.h"

#include <QJsonArray>

namespace spk::server {

namespace field = spk::wire::field;

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
    return {{QLatin1String(field::kId), u.id},
            {QLatin1String(field::kUsername), u.username},
            {QLatin1String(field::kRole), u.role},
            {QLatin1String(field::kCreatedAt), timeOrNull(u.createdAt)}};
}

QJsonObject deviceJson(const DeviceRecord &d)
{
    QJsonObject o{
        {QLatin1String(field::kId), d.id},
        {QLatin1String(field::kName), d.name},
        {QLatin1String(field::kOwnerId), d.ownerId},
        {QLatin1String(field::kOnline), d.online},
        {QLatin1String(field::kBattery), optionalValue(d.battery)},
        {QLatin1String(field::kTemperature), optionalValue(d.temperature)},
        {QLatin1String(field::kFirmware), d.firmware.isEmpty() ? QJsonValue() : QJsonValue(d.firmware)},
        {QLatin1String(field::kLastSeen), timeOrNull(d.lastSeen)},
        {QLatin1String(field::kCreatedAt), timeOrNull(d.createdAt)},
        {QLatin1String(field::kUpdatedAt), timeOrNull(d.updatedAt)},
        {QLatin1String(field::kConfig), d.desiredConfig},
        {QLatin1String(field::kConfigPending), d.configPending}};
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
    return {
        {QLatin1String(field::kId), s.id},
        {QLatin1String(field::kDeviceId), s.deviceId},
        {QLatin1String(field::kDeviceSessionId), s.deviceSessionId},
        {QLatin1String(field::kStatus), s.status},
        {QLatin1String(field::kUserQuery), s.userQuery},
        {QLatin1String(field::kAiResponse), s.aiResponse},
        {QLatin1String(field::kDurationMs), s.endedAt.isValid() ? QJsonValue(s.durationMs()) : QJsonValue()},
        {QLatin1String(field::kCreatedAt), timeOrNull(s.createdAt)},
        {QLatin1String(field::kEndedAt), timeOrNull(s.endedAt)},
        {QLatin1String(field::kFailureReason),
         s.failureReason.isEmpty() ? QJsonValue() : QJsonValue(s.failureReason)},
        {QLatin1String(field::kHasUserAudio), !s.userAudioPath.isEmpty()},
        {QLatin1String(field::kHasAssistantAudio), !s.assistantAudioPath.isEmpty()}};
}

QJsonObject sessionDetailJson(const SessionRecord &s, const QList<TranscriptRecord> &transcripts)
{
    QJsonObject o = sessionJson(s);
    QJsonArray turns;
    if (!s.userQuery.isEmpty())
        turns.append(QJsonObject{{QLatin1String(field::kRole), QStringLiteral("user")},
                                 {QLatin1String(field::kText), s.userQuery}});
    if (!s.aiResponse.isEmpty())
        turns.append(QJsonObject{{QLatin1String(field::kRole), QStringLiteral("assistant")},
                                 {QLatin1String(field::kText), s.aiResponse}});
    o.insert(QLatin1String(field::kTurns), turns);
    o.insert(QLatin1String(field::kTimings), s.timings);
    QJsonArray tr;
    for (const TranscriptRecord &t : transcripts)
        tr.append(QJsonObject{{QLatin1String(field::kText), t.text},
                              {QLatin1String(field::kIsFinal), t.isFinal},
                              {QLatin1String(field::kAt), timeOrNull(t.at)}});
    o.insert(QLatin1String(field::kTranscripts), tr);
    return o;
}

QJsonObject auditJson(const AuditRecord &a)
{
    return {{QLatin1String(field::kId), a.id},
            {QLatin1String(field::kAt), timeOrNull(a.at)},
            {QLatin1String(field::kActorId), a.actorId ? QJsonValue(a.actorId) : QJsonValue()},
            {QLatin1String(field::kActor), a.actorName},
            {QLatin1String(field::kAction), a.action},
            {QLatin1String(field::kObjectType), a.objectType},
            {QLatin1String(field::kObjectId), a.objectId},
            {QLatin1String(field::kSource), a.source},
            {QLatin1String(field::kDetails), a.details}};
}

} // namespace spk::server
