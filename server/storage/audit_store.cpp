#include "server/storage/audit_store.h"

#include "server/storage/database.h"
#include "server/storage/sql_support.h"

#include <algorithm>

namespace spk::server {

bool AuditStore::append(const AuditRecord &entry, qint64 *id)
{
    if (entry.action.isEmpty()) {
        qCWarning(lcStorage) << "audit append: empty action";
        return false;
    }
    QSqlQuery q(db_.connection());
    if (!sql::prepare(
            q,
            QStringLiteral("INSERT INTO audit_logs (at, actor_id, actor_name, action, object_type,"
                           " object_id, source, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"),
            "audit append"))
        return false;
    q.addBindValue(entry.at.isValid() ? sql::fromTime(entry.at) : QVariant(sql::nowMs()));
    q.addBindValue(entry.actorId);
    // NOT NULL text columns: a null QString would bind as SQL NULL.
    q.addBindValue(entry.actorName.isNull() ? QStringLiteral("") : entry.actorName);
    q.addBindValue(entry.action);
    q.addBindValue(entry.objectType.isNull() ? QStringLiteral("") : entry.objectType);
    q.addBindValue(entry.objectId.isNull() ? QStringLiteral("") : entry.objectId);
    q.addBindValue(entry.source.isNull() ? QStringLiteral("") : entry.source);
    q.addBindValue(sql::fromJson(entry.details));
    if (!sql::exec(q, "audit append") || !q.next())
        return false;
    if (id)
        *id = q.value(0).toLongLong();
    return true;
}

QList<AuditRecord> AuditStore::list(int limit, qint64 before)
{
    QList<AuditRecord> entries;
    QString statement = QStringLiteral("SELECT id, at, actor_id, actor_name, action, object_type, object_id,"
                                       " source, details FROM audit_logs");
    if (before > 0)
        statement += QStringLiteral(" WHERE id < ?");
    statement += QStringLiteral(" ORDER BY id DESC LIMIT %1").arg(std::clamp(limit, 1, 1000));
    QSqlQuery q(db_.connection());
    if (!sql::prepare(q, statement, "audit list"))
        return entries;
    if (before > 0)
        q.addBindValue(before);
    if (!sql::exec(q, "audit list"))
        return entries;
    while (q.next()) {
        AuditRecord e;
        e.id = q.value(0).toLongLong();
        e.at = sql::toTime(q.value(1));
        e.actorId = q.value(2).toLongLong();
        e.actorName = q.value(3).toString();
        e.action = q.value(4).toString();
        e.objectType = q.value(5).toString();
        e.objectId = q.value(6).toString();
        e.source = q.value(7).toString();
        e.details = sql::toJson(q.value(8));
        entries.append(e);
    }
    return entries;
}

} // namespace spk::server
