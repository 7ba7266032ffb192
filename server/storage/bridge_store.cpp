#include "server/storage/bridge_store.h"

#include "server/storage/database.h"
#include "server/storage/sql_support.h"

namespace spk::server {

StoreResult BridgeStore::claim(const QString &bridgeId, const QString &instance, qint64 deadAfterMs)
{
    const qint64 now = sql::nowMs();
    QSqlQuery q(db_.connection());
    // Take the id when it is free, ours, or its holder is dead; ON CONFLICT … WHERE works the same on
    // SQLite (3.24+) and PostgreSQL, and is atomic, so two processes cannot both win.
    if (!sql::prepare(
            q,
            QStringLiteral("INSERT INTO bridges (id, instance, started_at, heartbeat_at)"
                           " VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                           " instance = excluded.instance, started_at = excluded.started_at,"
                           " heartbeat_at = excluded.heartbeat_at"
                           " WHERE bridges.instance = excluded.instance OR bridges.heartbeat_at < ?"),
            "bridge claim"))
        return StoreResult::Error;
    q.addBindValue(bridgeId);
    q.addBindValue(instance);
    q.addBindValue(now);
    q.addBindValue(now);
    q.addBindValue(now - deadAfterMs);
    if (!sql::exec(q, "bridge claim"))
        return StoreResult::Error;
    return q.numRowsAffected() == 1 ? StoreResult::Ok : StoreResult::Conflict;
}

StoreResult BridgeStore::heartbeat(const QString &bridgeId, const QString &instance)
{
    QSqlQuery q(db_.connection());
    if (!sql::prepare(q, QStringLiteral("UPDATE bridges SET heartbeat_at = ? WHERE id = ? AND instance = ?"),
                      "bridge heartbeat"))
        return StoreResult::Error;
    q.addBindValue(sql::nowMs());
    q.addBindValue(bridgeId);
    q.addBindValue(instance);
    if (!sql::exec(q, "bridge heartbeat"))
        return StoreResult::Error;
    return q.numRowsAffected() == 1 ? StoreResult::Ok : StoreResult::NotFound;
}

namespace {
std::optional<QStringList> bridgeIds(Database &db, const char *comparison, qint64 deadAfterMs)
{
    QSqlQuery q(db.connection());
    if (!sql::prepare(q,
                      QStringLiteral("SELECT id FROM bridges WHERE heartbeat_at %1 ? ORDER BY id")
                          .arg(QLatin1String(comparison)),
                      "bridges"))
        return std::nullopt;
    q.addBindValue(sql::nowMs() - deadAfterMs);
    if (!sql::exec(q, "bridges"))
        return std::nullopt;
    QStringList ids;
    while (q.next())
        ids.append(q.value(0).toString());
    return ids;
}
} // namespace

std::optional<QStringList> BridgeStore::alive(qint64 deadAfterMs)
{
    return bridgeIds(db_, ">=", deadAfterMs);
}

std::optional<QStringList> BridgeStore::lost(qint64 deadAfterMs)
{
    return bridgeIds(db_, "<", deadAfterMs);
}

bool BridgeStore::remove(const QString &bridgeId)
{
    for (const char *statement :
         {"DELETE FROM audio_links WHERE bridge_id = ?", "DELETE FROM bridges WHERE id = ?"}) {
        QSqlQuery q(db_.connection());
        if (!sql::prepare(q, QLatin1String(statement), "bridge remove"))
            return false;
        q.addBindValue(bridgeId);
        if (!sql::exec(q, "bridge remove"))
            return false;
    }
    return true;
}

bool BridgeStore::linkAudio(const QString &deviceId, const QString &bridgeId)
{
    QSqlQuery q(db_.connection());
    if (!sql::prepare(
            q,
            QStringLiteral("INSERT INTO audio_links (device_id, bridge_id, connected_at) VALUES (?, ?, ?)"
                           " ON CONFLICT (device_id) DO UPDATE SET bridge_id = excluded.bridge_id,"
                           " connected_at = excluded.connected_at"),
            "audio link"))
        return false;
    q.addBindValue(deviceId);
    q.addBindValue(bridgeId);
    q.addBindValue(sql::nowMs());
    return sql::exec(q, "audio link");
}

bool BridgeStore::unlinkAudio(const QString &deviceId, const QString &bridgeId)
{
    QSqlQuery q(db_.connection());
    if (!sql::prepare(q, QStringLiteral("DELETE FROM audio_links WHERE device_id = ? AND bridge_id = ?"),
                      "audio unlink"))
        return false;
    q.addBindValue(deviceId);
    q.addBindValue(bridgeId);
    return sql::exec(q, "audio unlink");
}

std::optional<QString> BridgeStore::audioLinkOf(const QString &deviceId)
{
    QSqlQuery q(db_.connection());
    if (!sql::prepare(q, QStringLiteral("SELECT bridge_id FROM audio_links WHERE device_id = ?"),
                      "audio link of"))
        return std::nullopt;
    q.addBindValue(deviceId);
    if (!sql::exec(q, "audio link of") || !q.next())
        return std::nullopt;
    return q.value(0).toString();
}

} // namespace spk::server
