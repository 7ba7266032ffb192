#include "server/storage/user_store.h"

#include "server/storage/database.h"
#include "server/storage/sql_support.h"

namespace spk::server {
namespace {

const QString kColumns = QStringLiteral("id, username, role, password_hash, created_at, token_epoch");

UserRecord userFrom(const QSqlQuery &q)
{
    UserRecord u;
    u.id = q.value(0).toLongLong();
    u.username = q.value(1).toString();
    u.role = q.value(2).toString();
    u.passwordHash = q.value(3).toString();
    u.createdAt = sql::toTime(q.value(4));
    u.tokenEpoch = q.value(5).toLongLong();
    return u;
}

bool isKnownRole(const QString &role)
{
    return role == QLatin1String("admin") || role == QLatin1String("support") ||
           role == QLatin1String("user");
}

} // namespace

StoreResult UserStore::create(const QString &username, const QString &passwordHash, const QString &role,
                              qint64 *id)
{
    if (username.isEmpty() || passwordHash.isEmpty() || !isKnownRole(role)) {
        qCWarning(lcStorage) << "user create: empty username/hash or unknown role" << role;
        return StoreResult::Error;
    }
    QSqlQuery q(db_.connection());
    if (!sql::prepare(q,
                      QStringLiteral("INSERT INTO users (username, role, password_hash, created_at)"
                                     " VALUES (?, ?, ?, ?) RETURNING id"),
                      "user create"))
        return StoreResult::Error;
    q.addBindValue(username);
    q.addBindValue(role);
    q.addBindValue(passwordHash);
    q.addBindValue(sql::nowMs());
    if (!sql::exec(q, "user create"))
        return sql::violationOf(q.lastError()) == sql::Violation::Unique ? StoreResult::Conflict
                                                                         : StoreResult::Error;
    if (!q.next())
        return StoreResult::Error;
    if (id)
        *id = q.value(0).toLongLong();
    return StoreResult::Ok;
}

std::optional<UserRecord> UserStore::findByName(const QString &username)
{
    QSqlQuery q(db_.connection());
    if (!sql::prepare(q, QStringLiteral("SELECT %1 FROM users WHERE username = ?").arg(kColumns),
                      "user find"))
        return std::nullopt;
    q.addBindValue(username);
    if (!sql::exec(q, "user find") || !q.next())
        return std::nullopt;
    return userFrom(q);
}

std::optional<UserRecord> UserStore::findById(qint64 id)
{
    QSqlQuery q(db_.connection());
    if (!sql::prepare(q, QStringLiteral("SELECT %1 FROM users WHERE id = ?").arg(kColumns), "user find"))
        return std::nullopt;
    q.addBindValue(id);
    if (!sql::exec(q, "user find") || !q.next())
        return std::nullopt;
    return userFrom(q);
}

QList<UserRecord> UserStore::list()
{
    QList<UserRecord> users;
    QSqlQuery q(db_.connection());
    if (!sql::prepare(q, QStringLiteral("SELECT %1 FROM users ORDER BY id").arg(kColumns), "user list") ||
        !sql::exec(q, "user list"))
        return users;
    while (q.next())
        users.append(userFrom(q));
    return users;
}

StoreResult UserStore::remove(qint64 id)
{
    QSqlQuery q(db_.connection());
    if (!sql::prepare(q, QStringLiteral("DELETE FROM users WHERE id = ?"), "user remove"))
        return StoreResult::Error;
    q.addBindValue(id);
    if (!sql::exec(q, "user remove")) {
        // devices.owner_id references the user: delete or reassign the devices first.
        return sql::violationOf(q.lastError()) == sql::Violation::ForeignKey ? StoreResult::Conflict
                                                                             : StoreResult::Error;
    }
    return q.numRowsAffected() > 0 ? StoreResult::Ok : StoreResult::NotFound;
}

StoreResult UserStore::update(qint64 id, const std::optional<QString> &role,
                              const std::optional<QString> &passwordHash, UserRecord *updated)
{
    if ((role && !isKnownRole(*role)) || (passwordHash && passwordHash->isEmpty()))
        return StoreResult::Error;
    QStringList sets{QStringLiteral("token_epoch = token_epoch + 1")};
    if (role)
        sets << QStringLiteral("role = ?");
    if (passwordHash)
        sets << QStringLiteral("password_hash = ?");
    QSqlQuery q(db_.connection());
    if (!sql::prepare(q,
                      QStringLiteral("UPDATE users SET %1 WHERE id = ?").arg(sets.join(QStringLiteral(", "))),
                      "user update"))
        return StoreResult::Error;
    if (role)
        q.addBindValue(*role);
    if (passwordHash)
        q.addBindValue(*passwordHash);
    q.addBindValue(id);
    if (!sql::exec(q, "user update"))
        return StoreResult::Error;
    if (q.numRowsAffected() == 0)
        return StoreResult::NotFound;
    const auto stored = findById(id);
    if (!stored)
        return StoreResult::Error;
    if (updated)
        *updated = *stored;
    return StoreResult::Ok;
}

std::optional<qint64> UserStore::tokenEpoch(qint64 id)
{
    QSqlQuery q(db_.connection());
    if (!sql::prepare(q, QStringLiteral("SELECT token_epoch FROM users WHERE id = ?"), "user epoch"))
        return std::nullopt;
    q.addBindValue(id);
    if (!sql::exec(q, "user epoch"))
        return std::nullopt;
    return q.next() ? q.value(0).toLongLong() : -1;
}

int UserStore::count()
{
    QSqlQuery q(db_.connection());
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM users")) || !q.next())
        return -1;
    return q.value(0).toInt();
}

} // namespace spk::server
