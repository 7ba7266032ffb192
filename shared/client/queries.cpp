#include "shared/client/queries.h"

namespace spk::client {

namespace {
void addTime(QUrlQuery &q, const QString &key, const QDateTime &t)
{
    if (t.isValid())
        q.addQueryItem(key, t.toUTC().toString(Qt::ISODate));
}
} // namespace

QUrlQuery SessionQuery::toUrlQuery() const
{
    QUrlQuery q;
    if (!deviceId.isEmpty())
        q.addQueryItem(QStringLiteral("device_id"), deviceId);
    if (!status.isEmpty())
        q.addQueryItem(QStringLiteral("status"), status);
    addTime(q, QStringLiteral("from"), from);
    addTime(q, QStringLiteral("to"), to);
    if (limit > 0)
        q.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    if (!before.isEmpty())
        q.addQueryItem(QStringLiteral("before"), before);
    return q;
}

QUrlQuery AuditQuery::toUrlQuery() const
{
    QUrlQuery q;
    if (limit > 0)
        q.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    if (!before.isEmpty())
        q.addQueryItem(QStringLiteral("before"), before);
    return q;
}

QString audioTrackName(AudioTrack track)
{
    return track == AudioTrack::User ? QStringLiteral("user") : QStringLiteral("assistant");
}

} // namespace spk::client
