#pragma once
// Keeps gateway replicas in step on what each one changes locally (docs/replicas.md): devices added or
// removed (each replica's DeviceDirectory), logouts and deleted or changed users (each replica's token
// checks and open /ws; the users' token epochs themselves are in the database and the shared cache). Changes
// go out on spk/events/registry and spk/events/tokens; the replica that made a change has applied it already
// and skips its own event. A logout is also written to the shared cache (Redis), which every replica consults
// per request, so the next request on any replica is refused even before the event arrives; without Redis the
// database's revocation list answers.
#include <QDateTime>
#include <QObject>
#include <QString>

namespace spk::server {
namespace auth {
class TokenService;
}
class Authenticator;
class Cache;
class DeviceDirectory;
class DeviceListCache;
class LiveHub;
class MqttClient;
struct MqttMessage;
class RevokedTokenStore;

class ReplicaSync : public QObject
{
    Q_OBJECT
public:
    struct Parts
    {
        MqttClient &mqtt;
        DeviceDirectory &directory;
        DeviceListCache &listCache;
        auth::TokenService &tokens;
        Authenticator &authn;
        LiveHub &live;
        Cache &cache;
        RevokedTokenStore &revoked;
        QString cachePrefix;
    };
    explicit ReplicaSync(Parts parts, QObject *parent = nullptr);

    void start(); // subscribes to the other replicas' events

    // Announce a change this replica has already made.
    void deviceAdded(const QString &deviceId, qint64 ownerId);
    void deviceRemoved(const QString &deviceId, qint64 ownerId);
    void loggedOut(const QString &jti, const QDateTime &expiresAt);
    void userChanged(qint64 userId, const QString &why); // removed, new role or new password

    // Per request: was this token revoked on another replica? (true = refuse)
    bool revokedElsewhere(const QString &jti);

private:
    void onRegistryEvent(const MqttMessage &message);
    void onTokenEvent(const MqttMessage &message);
    void announce(const char *topic, const QJsonObject &body);
    QString revokedKey(const QString &jti) const;

    Parts p_;
};

} // namespace spk::server
