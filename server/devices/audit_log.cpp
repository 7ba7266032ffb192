#include "server/devices/audit_log.h"

#include "server/core/logging.h"
#include "server/storage/audit_store.h"

namespace spk::server {

AuditActor AuditActor::deviceSession(const QString &deviceId, qint64 sessionId)
{
    return {0, QStringLiteral("session:%1").arg(sessionId), QStringLiteral("device:%1").arg(deviceId)};
}

void AuditLog::record(const AuditActor &who, const QString &action, const QString &objectType,
                      const QString &objectId, const QJsonObject &details)
{
    AuditRecord r;
    r.actorId = who.id;
    r.actorName = who.name;
    r.source = who.source;
    r.action = action;
    r.objectType = objectType;
    r.objectId = objectId;
    r.details = details;
    if (!store_.append(r))
        qCWarning(lcDevices) << "audit entry could not be written:" << action << objectId;
}

void AuditLog::recordAnonymous(const QString &actorName, const QString &source, const QString &action,
                               const QString &objectType, const QString &objectId, const QJsonObject &details)
{
    record({0, actorName, source}, action, objectType, objectId, details);
}

} // namespace spk::server
