#pragma once
#include "server/storage/records.h"

#include <QList>

namespace spk::server {
class Database;

class UserStore
{
public:
    explicit UserStore(Database &db) : db_(db) {}
    // Conflict when the username exists. Sets *id on success.
    StoreResult create(const QString &username, const QString &passwordHash, const QString &role, qint64 *id);
    std::optional<UserRecord> findByName(const QString &username);
    std::optional<UserRecord> findById(qint64 id);
    QList<UserRecord> list();
    StoreResult remove(qint64 id); // NotFound when absent
    int count();

private:
    Database &db_;
};

} // namespace spk::server
