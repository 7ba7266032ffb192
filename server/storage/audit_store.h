#pragma once
#include "server/storage/records.h"

#include <QList>
#include <QStringList>

namespace spk::server {
class Database;

class AuditStore
{
public:
    explicit AuditStore(Database &db) : db_(db) {}
    // id and at (if invalid) are assigned here; *id receives the new id when given.
    // An empty action is refused (false).
    bool append(const AuditRecord &entry, qint64 *id = nullptr);
    // Newest first, entries with id < before; before = 0 means from the newest. limit: 1–1000 (clamped).
    // The next page's cursor is the last entry's id.
    QList<AuditRecord> list(int limit, qint64 before = 0);

private:
    Database &db_;
};

// Revoked JWT ids (logout). Persisted so a restart does not un-revoke tokens.
class RevokedTokenStore
{
public:
    explicit RevokedTokenStore(Database &db) : db_(db) {}
    // Revoking an already revoked jti is fine (true). false on a database error or an empty jti.
    bool revoke(const QString &jti, const QDateTime &expiresAt);
    bool isRevoked(const QString &jti); // until purged, also after expiry
    // Every jti that has not expired yet (loaded into memory at start).
    QStringList active();
    int purgeExpired(); // how many were removed; -1 on a database error

private:
    Database &db_;
};

} // namespace spk::server
