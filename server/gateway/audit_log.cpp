#include "server/gateway/audit_log.h"

#include "server/gateway/caller.h"
#include "server/storage/audit_store.h"

#include "server/core/logging.h"

namespace spk::server {

void AuditLog::record(const Caller &who, const QString &action, const QString &objectType,
                      const QString &objectId, const QJsonObject &details)
{
    AuditRecord r;
    r.actorId = who.id;
    r.actorName = who.username;
    r.source = who.source;
    r.action = action;
    r.objectType = objectType;
    r.objectId = objectId;
    r.details = details;
    if (!store_.append(r))
        qCWarning(lcGateway) << "audit entry could not be written:" << action << objectId;
}

void AuditLog::recordAnonymous(const QString &actorName, const QString &source, const QString &action,
                               const QString &objectType, const QString &objectId, const QJsonObject &details)
{
    AuditRecord r;
    r.actorName = actorName;
    r.source = source;
    r.action = action;
    r.objectType = objectType;
    r.objectId = objectId;
    r.details = details;
    if (!store_.append(r))
        qCWarning(lcGateway) << "audit entry could not be written:" << action << objectId;
}

} // namespace spk::server
