#include "server/storage/session_store.h"

#include "server/storage/database.h"
#include "server/storage/sql_support.h"

#include <algorithm>

namespace spk::server {
namespace {

const QString kColumns = QStringLiteral("id, device_id, device_session_id, status, user_query, ai_response,"
                                        " failure_reason, timings, user_audio_path, assistant_audio_path,"
                                        " created_at, ended_at");

SessionRecord sessionFrom(const QSqlQuery &q)
{
    SessionRecord s;
    s.id = q.value(0).toLongLong();
    s.deviceId = q.value(1).toString();
    s.deviceSessionId = q.value(2).toString();
    s.status = q.value(3).toString();
    s.userQuery = q.value(4).toString();
    s.aiResponse = q.value(5).toString();
    s.failureReason = q.value(6).toString();
    s.timings = sql::toJson(q.value(7));
    s.userAudioPath = q.value(8).toString();
    s.assistantAudioPath = q.value(9).toString();
    s.createdAt = sql::toTime(q.value(10));
    s.endedAt = sql::toTime(q.value(11));
    return s;
}

QVariant textOrNull(const QString &s)
{
    return s.isNull() ? QVariant() : QVariant(s);
}

} // namespace

StoreResult SessionStore::create(const QString &deviceId, const QString &deviceSessionId,
                                 const QString &bridgeId, qint64 *id)
{
    if (deviceId.isEmpty() || deviceSessionId.isEmpty())
        return StoreResult::Error;
    QSqlQuery q(db_.connection());
    if (!sql::prepare(q,
                      QStringLiteral("INSERT INTO sessions (device_id, device_session_id, bridge_id, status,"
                                     " created_at) VALUES (?, ?, ?, 'active', ?) RETURNING id"),
                      "session create"))
        return StoreResult::Error;
    q.addBindValue(deviceId);
    q.addBindValue(deviceSessionId);
    q.addBindValue(bridgeId);
    q.addBindValue(sql::nowMs());
    if (!sql::exec(q, "session create"))
        return sql::insertFailure(q.lastError());
    if (!q.next())
        return StoreResult::Error;
    if (id)
        *id = q.value(0).toLongLong();
    return StoreResult::Ok;
}

std::optional<SessionRecord> SessionStore::find(qint64 id)
{
    QSqlQuery q(db_.connection());
    if (!sql::prepare(q, QStringLiteral("SELECT %1 FROM sessions WHERE id = ?").arg(kColumns),
                      "session find"))
        return std::nullopt;
    q.addBindValue(id);
    if (!sql::exec(q, "session find") || !q.next())
        return std::nullopt;
    return sessionFrom(q);
}

std::optional<SessionRecord> SessionStore::findByDeviceSession(const QString &deviceId,
                                                               const QString &deviceSessionId)
{
    QSqlQuery q(db_.connection());
    if (!sql::prepare(q,
                      QStringLiteral("SELECT %1 FROM sessions WHERE device_id = ? AND device_session_id = ?")
                          .arg(kColumns),
                      "session find"))
        return std::nullopt;
    q.addBindValue(deviceId);
    q.addBindValue(deviceSessionId);
    if (!sql::exec(q, "session find") || !q.next())
        return std::nullopt;
    return sessionFrom(q);
}

QList<SessionRecord> SessionStore::list(const SessionFilter &filter, qint64 *next)
{
    QList<SessionRecord> sessions;
    if (next)
        *next = 0;
    if (filter.restrictToDevices && filter.deviceIds.isEmpty())
        return sessions; // the caller may see no device at all

    QStringList where;
    QVariantList binds;
    if (!filter.deviceIds.isEmpty()) {
        QStringList marks;
        for (const QString &id : filter.deviceIds) {
            marks << QStringLiteral("?");
            binds << id;
        }
        where << QStringLiteral("device_id IN (%1)").arg(marks.join(QLatin1Char(',')));
    }
    if (!filter.deviceId.isEmpty()) {
        where << QStringLiteral("device_id = ?");
        binds << filter.deviceId;
    }
    if (!filter.status.isEmpty()) {
        where << QStringLiteral("status = ?");
        binds << filter.status;
    }
    if (filter.from.isValid()) {
        where << QStringLiteral("created_at >= ?");
        binds << sql::fromTime(filter.from);
    }
    if (filter.to.isValid()) {
        where << QStringLiteral("created_at <= ?");
        binds << sql::fromTime(filter.to);
    }
    if (filter.before > 0) {
        where << QStringLiteral("id < ?");
        binds << filter.before;
    }
    const int limit = std::clamp(filter.limit, 1, 500);
    // One row more than asked tells whether another page follows.
    QString statement = QStringLiteral("SELECT %1 FROM sessions").arg(kColumns);
    if (!where.isEmpty())
        statement += QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
    statement += QStringLiteral(" ORDER BY id DESC LIMIT %1").arg(limit + 1);

    QSqlQuery q(db_.connection());
    if (!sql::prepare(q, statement, "session list"))
        return sessions;
    for (const QVariant &v : std::as_const(binds))
        q.addBindValue(v);
    if (!sql::exec(q, "session list"))
        return sessions;
    while (q.next()) {
        if (sessions.size() == limit) {
            if (next)
                *next = sessions.constLast().id;
            break;
        }
        sessions.append(sessionFrom(q));
    }
    return sessions;
}

StoreResult SessionStore::setTexts(qint64 id, const QString &userQuery, const QString &aiResponse)
{
    QSqlQuery q(db_.connection());
    if (!sql::prepare(q,
                      QStringLiteral("UPDATE sessions SET user_query = COALESCE(?, user_query),"
                                     " ai_response = COALESCE(?, ai_response) WHERE id = ?"),
                      "session texts"))
        return StoreResult::Error;
    q.addBindValue(textOrNull(userQuery));
    q.addBindValue(textOrNull(aiResponse));
    q.addBindValue(id);
    if (!sql::exec(q, "session texts"))
        return StoreResult::Error;
    return q.numRowsAffected() > 0 ? StoreResult::Ok : StoreResult::NotFound;
}

StoreResult SessionStore::setTiming(qint64 id, const QString &stage, qint64 ms)
{
    if (stage.isEmpty())
        return StoreResult::Error;
    sql::Transaction tx(db_);
    if (!tx.isActive())
        return StoreResult::Error;
    QSqlQuery read(tx.connection());
    if (!sql::prepare(read, QStringLiteral("SELECT timings FROM sessions WHERE id = ?") + sql::forUpdate(db_),
                      "session timing"))
        return StoreResult::Error;
    read.addBindValue(id);
    if (!sql::exec(read, "session timing"))
        return StoreResult::Error;
    if (!read.next())
        return StoreResult::NotFound;
    QJsonObject timings = sql::toJson(read.value(0));
    read.finish();
    timings.insert(stage, double(ms));

    QSqlQuery write(tx.connection());
    if (!sql::prepare(write, QStringLiteral("UPDATE sessions SET timings = ? WHERE id = ?"),
                      "session timing"))
        return StoreResult::Error;
    write.addBindValue(sql::fromJson(timings));
    write.addBindValue(id);
    if (!sql::exec(write, "session timing") || !tx.commit())
        return StoreResult::Error;
    return StoreResult::Ok;
}

StoreResult SessionStore::setAudioPath(qint64 id, const QString &track, const QString &path)
{
    QString column;
    if (track == QLatin1String("user"))
        column = QStringLiteral("user_audio_path");
    else if (track == QLatin1String("assistant"))
        column = QStringLiteral("assistant_audio_path");
    else {
        qCWarning(lcStorage) << "session audio path: unknown track" << track;
        return StoreResult::Error;
    }
    QSqlQuery q(db_.connection());
    if (!sql::prepare(q, QStringLiteral("UPDATE sessions SET %1 = ? WHERE id = ?").arg(column),
                      "session audio"))
        return StoreResult::Error;
    q.addBindValue(path);
    q.addBindValue(id);
    if (!sql::exec(q, "session audio"))
        return StoreResult::Error;
    return q.numRowsAffected() > 0 ? StoreResult::Ok : StoreResult::NotFound;
}

StoreResult SessionStore::finish(qint64 id, const QString &status, const QString &failureReason)
{
    if (status != QLatin1String("completed") && status != QLatin1String("failed")) {
        qCWarning(lcStorage) << "session finish: status must be completed or failed, not" << status;
        return StoreResult::Error;
    }
    QSqlQuery q(db_.connection());
    if (!sql::prepare(q,
                      QStringLiteral("UPDATE sessions SET status = ?, failure_reason = ?, ended_at = ?"
                                     " WHERE id = ? AND status = 'active'"),
                      "session finish"))
        return StoreResult::Error;
    q.addBindValue(status);
    q.addBindValue(failureReason.isNull() ? QString(QLatin1String("")) : failureReason);
    q.addBindValue(sql::nowMs());
    q.addBindValue(id);
    if (!sql::exec(q, "session finish"))
        return StoreResult::Error;
    if (q.numRowsAffected() > 0)
        return StoreResult::Ok;
    return find(id) ? StoreResult::Conflict : StoreResult::NotFound;
}

StoreResult SessionStore::addTranscript(qint64 id, const QString &text, bool isFinal)
{
    QSqlQuery q(db_.connection());
    if (!sql::prepare(
            q, QStringLiteral("INSERT INTO transcripts (session_id, text, is_final, at) VALUES (?, ?, ?, ?)"),
            "transcript add"))
        return StoreResult::Error;
    q.addBindValue(id);
    q.addBindValue(text.isNull() ? QString(QLatin1String("")) : text);
    q.addBindValue(isFinal ? 1 : 0);
    q.addBindValue(sql::nowMs());
    if (sql::exec(q, "transcript add"))
        return StoreResult::Ok;
    return sql::violationOf(q.lastError()) == sql::Violation::ForeignKey ? StoreResult::NotFound
                                                                         : StoreResult::Error;
}

QList<TranscriptRecord> SessionStore::transcripts(qint64 id)
{
    QList<TranscriptRecord> list;
    QSqlQuery q(db_.connection());
    if (!sql::prepare(q,
                      QStringLiteral("SELECT session_id, text, is_final, at FROM transcripts"
                                     " WHERE session_id = ? ORDER BY id"),
                      "transcripts"))
        return list;
    q.addBindValue(id);
    if (!sql::exec(q, "transcripts"))
        return list;
    while (q.next())
        list.append({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toInt() != 0,
                     sql::toTime(q.value(3))});
    return list;
}

QList<SessionRecord> SessionStore::recentTurns(const QString &deviceId, int n)
{
    QList<SessionRecord> turns;
    if (n <= 0)
        return turns;
    QSqlQuery q(db_.connection());
    if (!sql::prepare(q,
                      QStringLiteral("SELECT %1 FROM sessions WHERE device_id = ? AND status = 'completed'"
                                     " ORDER BY id DESC LIMIT %2")
                          .arg(kColumns)
                          .arg(std::min(n, 1000)),
                      "recent turns"))
        return turns;
    q.addBindValue(deviceId);
    if (!sql::exec(q, "recent turns"))
        return turns;
    while (q.next())
        turns.prepend(sessionFrom(q)); // newest first from the query, oldest first for the caller
    return turns;
}

int SessionStore::failActiveSessions(const QString &bridgeId, const QString &reason)
{
    const bool restart = reason == QLatin1String("server_restart");
    QSqlQuery q(db_.connection());
    if (!sql::prepare(q,
                      QStringLiteral("UPDATE sessions SET status = 'failed', failure_reason = ?, ended_at = ?"
                                     " WHERE status = 'active' AND (bridge_id = ?%1)")
                          .arg(restart ? QStringLiteral(" OR bridge_id IS NULL") : QString()),
                      "fail active sessions"))
        return -1;
    q.addBindValue(reason);
    q.addBindValue(sql::nowMs());
    q.addBindValue(bridgeId);
    if (!sql::exec(q, "fail active sessions"))
        return -1;
    const int n = q.numRowsAffected();
    if (n > 0)
        qCInfo(lcStorage).noquote() << QStringLiteral("marked %1 active sessions of bridge %2 failed (%3)")
                                           .arg(n)
                                           .arg(bridgeId, reason);
    return n;
}

} // namespace spk::server
