#pragma once
#include "server/storage/records.h"

#include <QList>

namespace spk::server {
class Database;

class AuditStore
{
public:
    explicit AuditStore(Database &db) : db_(db) {}
    bool append(const AuditRecord &entry); // id and at (if invalid) are assigned here
    // Newest first; before = 0 means from the newest.
    QList<AuditRecord> list(int limit, qint64 before = 0);

private:
    Database &db_;
};

// Revoked JWT ids (logout). Persisted so a restart does not un-revoke tokens.
class RevokedTokenStore
{
public:
    explicit RevokedTokenStore(Database &db) : db_(db) {}
    bool revoke(const QString &jti, const QDateTime &expiresAt);
    bool isRevoked(const QString &jti);
    // Every jti that has not expired yet (loaded into memory at start).
    QStringList active();
    int purgeExpired();

private:
    Database &db_;
};

} // namespace spk::server
