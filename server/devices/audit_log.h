#pragma once
// Writes one audit entry per change, attributed to who made it. Below the gateway so that every path
// that changes something (REST, the spoken commands of the bridge) audits the same way.
#include <QJsonObject>
#include <QString>

namespace spk::server {
class AuditStore;

// Who made a change. A person: their user id, name and client address (gateway Caller). A device's
// voice session (a spoken "set the volume to 40"): id 0, name "session:<server session id>", source
// "device:<device id>".
struct AuditActor
{
    qint64 id = 0; // 0 = no user account
    QString name;
    QString source;

    static AuditActor deviceSession(const QString &deviceId, qint64 sessionId);
};

class AuditLog
{
public:
    explicit AuditLog(AuditStore &store) : store_(store) {}
    void record(const AuditActor &who, const QString &action, const QString &objectType,
                const QString &objectId, const QJsonObject &details = {});
    // Events without an authenticated caller (failed logins, device-originated changes).
    void recordAnonymous(const QString &actorName, const QString &source, const QString &action,
                         const QString &objectType, const QString &objectId, const QJsonObject &details = {});

private:
    AuditStore &store_;
};

} // namespace spk::server
