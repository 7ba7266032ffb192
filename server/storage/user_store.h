#pragma once
#include "server/storage/records.h"

#include <QList>

namespace spk::server {
class Database;

class UserStore
{
public:
    explicit UserStore(Database &db) : db_(db) {}
    // Conflict when the username exists; Error for an empty username/hash or a role other than
    // admin|support|user. Sets *id on success.
    StoreResult create(const QString &username, const QString &passwordHash, const QString &role, qint64 *id);
    std::optional<UserRecord> findByName(const QString &username);
    std::optional<UserRecord> findById(qint64 id);
    QList<UserRecord> list();
    // NotFound when absent; Conflict while the user still owns devices (devices.owner_id references
    // users: delete or reassign them first, nothing is removed).
    StoreResult remove(qint64 id);
    int count(); // -1 on a database error
    // A new role and/or password hash (nullopt = unchanged); token_epoch goes up by one, so the user's
    // tokens stop working. NotFound when absent; *updated holds the stored result.
    StoreResult update(qint64 id, const std::optional<QString> &role,
                       const std::optional<QString> &passwordHash, UserRecord *updated);
    // The user's token epoch; -1 when there is no such user; nullopt on a database error.
    std::optional<qint64> tokenEpoch(qint64 id);

private:
    Database &db_;
};

} // namespace spk::server
