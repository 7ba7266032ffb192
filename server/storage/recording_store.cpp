#include "server/storage/recording_store.h"

#include "server/storage/database.h"
#include "server/storage/sql_support.h"

namespace spk::server {
namespace {

QString placeholders(qsizetype n)
{
    QStringList marks;
    marks.reserve(n);
    for (qsizetype i = 0; i < n; ++i)
        marks << QStringLiteral("?");
    return marks.join(QLatin1Char(','));
}

QStringList pathsOf(const QSqlQuery &q, int firstColumn)
{
    QStringList paths;
    for (int c = firstColumn; c < firstColumn + 2; ++c)
        if (const QString p = q.value(c).toString(); !p.isEmpty())
            paths << p;
    return paths;
}

} // namespace

std::optional<QStringList> RecordingStore::pathsOfDevice(const QString &deviceId)
{
    QSqlQuery q(db_.connection());
    if (!sql::prepare(
            q,
            QStringLiteral("SELECT user_audio_path, assistant_audio_path FROM sessions"
                           " WHERE device_id = ? AND (user_audio_path <> '' OR assistant_audio_path <> '')"),
            "device recordings"))
        return std::nullopt;
    q.addBindValue(deviceId);
    if (!sql::exec(q, "device recordings"))
        return std::nullopt;
    QStringList paths;
    while (q.next())
        paths << pathsOf(q, 0);
    return paths;
}

std::optional<QList<RecordingPaths>> RecordingStore::recordedBefore(const QDateTime &cutoff, int limit)
{
    QSqlQuery q(db_.connection());
    if (!sql::prepare(
            q,
            QStringLiteral("SELECT id, user_audio_path, assistant_audio_path FROM sessions"
                           " WHERE created_at < ? AND (user_audio_path <> '' OR assistant_audio_path <> '')"
                           " ORDER BY id LIMIT %1")
                .arg(qMax(1, limit)),
            "expired recordings"))
        return std::nullopt;
    q.addBindValue(sql::fromTime(cutoff));
    if (!sql::exec(q, "expired recordings"))
        return std::nullopt;
    QList<RecordingPaths> out;
    while (q.next())
        out.append({q.value(0).toLongLong(), pathsOf(q, 1)});
    return out;
}

bool RecordingStore::clearPaths(const QList<qint64> &sessionIds)
{
    if (sessionIds.isEmpty())
        return true;
    QSqlQuery q(db_.connection());
    if (!sql::prepare(q,
                      QStringLiteral("UPDATE sessions SET user_audio_path = '', assistant_audio_path = ''"
                                     " WHERE id IN (%1)")
                          .arg(placeholders(sessionIds.size())),
                      "forget recordings"))
        return false;
    for (const qint64 id : sessionIds)
        q.addBindValue(id);
    return sql::exec(q, "forget recordings");
}

std::optional<QSet<qint64>> RecordingStore::existingSessions(const QList<qint64> &sessionIds)
{
    QSet<qint64> found;
    if (sessionIds.isEmpty())
        return found;
    QSqlQuery q(db_.connection());
    if (!sql::prepare(
            q,
            QStringLiteral("SELECT id FROM sessions WHERE id IN (%1)").arg(placeholders(sessionIds.size())),
            "sessions of recordings"))
        return std::nullopt;
    for (const qint64 id : sessionIds)
        q.addBindValue(id);
    if (!sql::exec(q, "sessions of recordings"))
        return std::nullopt;
    while (q.next())
        found.insert(q.value(0).toLongLong());
    return found;
}

} // namespace spk::server
