#include "server/storage/audit_store.h"
#include "server/storage/database.h"
#include "server/storage/sql_support.h"

namespace spk::server {

bool RevokedTokenStore::revoke(const QString &jti, const QDateTime &expiresAt)
{
    if (jti.isEmpty() || !expiresAt.isValid())
        return false;
    QSqlQuery q(db_.connection());
    // Logging out twice is not an error: ON CONFLICT works the same on SQLite (3.24+) and PostgreSQL.
    if (!sql::prepare(q,
                      QStringLiteral("INSERT INTO revoked_tokens (jti, expires_at) VALUES (?, ?)"
                                     " ON CONFLICT (jti) DO NOTHING"),
                      "revoke token"))
        return false;
    q.addBindValue(jti);
    q.addBindValue(sql::fromTime(expiresAt));
    return sql::exec(q, "revoke token");
}

bool RevokedTokenStore::isRevoked(const QString &jti)
{
    QSqlQuery q(db_.connection());
    if (!sql::prepare(q, QStringLiteral("SELECT 1 FROM revoked_tokens WHERE jti = ?"), "token revoked?"))
        return false;
    q.addBindValue(jti);
    return sql::exec(q, "token revoked?") && q.next();
}

QStringList RevokedTokenStore::active()
{
    QStringList jtis;
    QSqlQuery q(db_.connection());
    if (!sql::prepare(q, QStringLiteral("SELECT jti FROM revoked_tokens WHERE expires_at > ? ORDER BY jti"),
                      "active revoked tokens"))
        return jtis;
    q.addBindValue(sql::nowMs());
    if (!sql::exec(q, "active revoked tokens"))
        return jtis;
    while (q.next())
        jtis.append(q.value(0).toString());
    return jtis;
}

int RevokedTokenStore::purgeExpired()
{
    QSqlQuery q(db_.connection());
    if (!sql::prepare(q, QStringLiteral("DELETE FROM revoked_tokens WHERE expires_at <= ?"),
                      "purge revoked tokens"))
        return -1;
    q.addBindValue(sql::nowMs());
    if (!sql::exec(q, "purge revoked tokens"))
        return -1;
    return q.numRowsAffected();
}

} // namespace spk::server
