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

private:
    Database &db_;
};

} // namespace spk::server
