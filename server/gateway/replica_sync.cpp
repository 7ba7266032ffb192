#include "server/gateway/replica_sync.h"

#include "server/auth/token_service.h"
#include "server/cache/cache.h"
#include "server/core/logging.h"
#include "server/gateway/authenticator.h"
#include "server/gateway/device_directory.h"
#include "server/gateway/device_list_cache.h"
#include "server/gateway/live_hub.h"
#include "server/mqtt/mqtt_client.h"
#include "server/mqtt/replica_event.h"
#include "server/storage/audit_store.h"
#include "shared/protocol/ids.h"
#include "shared/wire/topics.h"

#include <QJsonObject>
#include <climits>

namespace spk::server {

namespace {
const QString kDeviceId = QStringLiteral("device_id");
const QString kOwnerId = QStringLiteral("owner_id");
const QString kRemoved = QStringLiteral("removed");
const QString kJti = QStringLiteral("jti");
const QString kExpiresAt = QStringLiteral("expires_at");
const QString kUserId = QStringLiteral("user_id");
const QString kWhy = QStringLiteral("why");
} // namespace

ReplicaSync::ReplicaSync(Parts parts, QObject *parent) : QObject(parent), p_(std::move(parts)) {}

void ReplicaSync::start()
{
    p_.mqtt.subscribe(QLatin1String(spk::wire::kRegistryEventTopic), 1, this,
                      [this](const MqttMessage &m) { onRegistryEvent(m); });
    p_.mqtt.subscribe(QLatin1String(spk::wire::kTokenEventTopic), 1, this,
                      [this](const MqttMessage &m) { onTokenEvent(m); });
}

void ReplicaSync::announce(const char *topic, const QJsonObject &body)
{
    p_.mqtt.publish(QLatin1String(topic), encodeReplicaEvent(p_.mqtt.clientId(), body), 1, false);
}

QString ReplicaSync::revokedKey(const QString &jti) const
{
    return p_.cachePrefix + QStringLiteral("revoked:") + jti;
}

void ReplicaSync::deviceAdded(const QString &deviceId, qint64 ownerId)
{
    announce(spk::wire::kRegistryEventTopic, {{kDeviceId, deviceId}, {kOwnerId, ownerId}});
}

void ReplicaSync::deviceRemoved(const QString &deviceId, qint64 ownerId)
{
    announce(spk::wire::kRegistryEventTopic, {{kDeviceId, deviceId}, {kOwnerId, ownerId}, {kRemoved, true}});
}

void ReplicaSync::loggedOut(const QString &jti, const QDateTime &expiresAt)
{
    const qint64 ttl = QDateTime::currentDateTimeUtc().secsTo(expiresAt) + 1;
    if (p_.cache.isShared() && ttl > 0)
        p_.cache.set(revokedKey(jti), QByteArrayLiteral("1"), int(std::min<qint64>(ttl, INT_MAX)));
    announce(spk::wire::kTokenEventTopic, {{kJti, jti}, {kExpiresAt, expiresAt.toMSecsSinceEpoch()}});
}

void ReplicaSync::userChanged(qint64 userId, const QString &why)
{
    announce(spk::wire::kTokenEventTopic, {{kUserId, userId}, {kWhy, why}});
}

bool ReplicaSync::revokedElsewhere(const QString &jti)
{
    if (!p_.cache.isShared())
        return false; // one process: its own revocation list is complete
    std::optional<bool> revoked = p_.cache.exists(revokedKey(jti));
    if (!revoked) // Redis unreachable: the database holds every logout too
        revoked = p_.revoked.isRevoked(jti);
    if (*revoked)
        p_.tokens.revoke(jti); // answered locally from now on
    return *revoked;
}

void ReplicaSync::onRegistryEvent(const MqttMessage &message)
{
    const auto event = decodeReplicaEvent(message.payload);
    if (!event || event->origin == p_.mqtt.clientId())
        return;
    const QString deviceId = event->body.value(kDeviceId).toString();
    const qint64 owner = event->body.value(kOwnerId).toInteger(-1);
    if (!spk::proto::isValidDeviceId(deviceId) || owner < 0)
        return;
    if (event->body.value(kRemoved).toBool())
        p_.directory.remove(deviceId);
    else
        p_.directory.add(deviceId, owner);
    p_.listCache.invalidateOwner(owner); // a no-op repeat with Redis; needed with per-replica caches
}

void ReplicaSync::onTokenEvent(const MqttMessage &message)
{
    const auto event = decodeReplicaEvent(message.payload);
    if (!event || event->origin == p_.mqtt.clientId())
        return;
    if (const QString jti = event->body.value(kJti).toString(); !jti.isEmpty()) {
        p_.tokens.revoke(jti);
        p_.live.dropToken(jti);
    }
    if (const qint64 user = event->body.value(kUserId).toInteger(-1); user >= 0) {
        p_.authn.userForgotten(user);
        p_.live.dropUser(user, event->body.value(kWhy).toString().left(100));
    }
}

} // namespace spk::server
