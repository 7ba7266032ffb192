#pragma once
// Who is calling, after authentication, and what their role allows.
#include "server/devices/audit_log.h"

#include <QDateTime>
#include <QString>

namespace spk::server {

namespace roles {
inline const QString kAdmin = QStringLiteral("admin");
inline const QString kSupport = QStringLiteral("support");
inline const QString kUser = QStringLiteral("user");
bool isValid(const QString &role);
} // namespace roles

struct Caller
{
    qint64 id = 0;
    QString username;
    QString role;
    QString jti;
    QDateTime expiresAt;
    QString source;
    qint64 epoch = 0; // the token's epoch (TokenEpochs)

    bool isAdmin() const { return role == roles::kAdmin; }
    // admin and support see every device and session
    bool seesAllDevices() const { return role == roles::kAdmin || role == roles::kSupport; }
    // Audit entries name the person: AuditLog::record(caller, …).
    operator AuditActor() const { return {id, username, source}; }
};

} // namespace spk::server
