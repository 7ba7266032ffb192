#pragma once
// Writes one audit entry per change, attributed to the caller.
#include <QJsonObject>
#include <QString>

namespace spk::server {
class AuditStore;
struct Caller;

class AuditLog
{
public:
    explicit AuditLog(AuditStore &store) : store_(store) {}
    void record(const Caller &who, const QString &action, const QString &objectType, const QString &objectId,
                const QJsonObject &details = {});
    // Events without an authenticated caller (failed logins, device-originated changes).
    void recordAnonymous(const QString &actorName, const QString &source, const QString &action,
                         const QString &objectType, const QString &objectId, const QJsonObject &details = {});

private:
    AuditStore &store_;
};

} // namespace spk::server
