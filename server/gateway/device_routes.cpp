// GET/POST /api/devices, GET/DELETE /api/devices/{id}, POST /api/devices/{id}/secret
#include "server/auth/passwords.h"
#include "server/core/dependency_faults.h"
#include "server/core/metrics.h"
#include "server/devices/audit_log.h"
#include "server/devices/recording_janitor.h"
#include "server/gateway/authenticator.h"
#include "server/gateway/device_access.h"
#include "server/gateway/device_directory.h"
#include "server/gateway/device_list_cache.h"
#include "server/gateway/gateway_metrics.h"
#include "server/gateway/gateway_services.h"
#include "server/gateway/json_views.h"
#include "server/gateway/realtime_state.h"
#include "server/gateway/replica_sync.h"
#include "server/http/http_server.h"
#include "server/mqtt/mqtt_client.h"
#include "server/storage/device_store.h"
#include "server/storage/user_store.h"
#include "shared/protocol/ids.h"
#include "shared/protocol/json_input.h"
#include "shared/protocol/topics.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace spk::server {

namespace {

void listDevices(GatewayServices &s, const ExchangePtr &ex)
{
    const auto caller = s.authn.require(ex);
    if (!caller)
        return;
    std::optional<qint64> ownerFilter;
    const QString ownerParam = ex->query().queryItemValue(QStringLiteral("owner_id"));
    if (!ownerParam.isEmpty() && caller->seesAllDevices()) {
        bool ok = false;
        ownerFilter = ownerParam.toLongLong(&ok);
        if (!ok)
            return ex->replyError(400, QStringLiteral("invalid_input"),
                                  QStringLiteral("'owner_id' must be an integer"));
    }
    const QString key = s.listCache.keyFor(*caller, ownerFilter);
    if (const auto cached = s.listCache.get(key)) {
        s.metrics.counter(gateway_metrics::kDeviceListCache, QStringLiteral("hit")).inc();
        return ex->replyJsonBytes(200, *cached);
    }
    s.metrics.counter(gateway_metrics::kDeviceListCache, QStringLiteral("miss")).inc();
    const auto owner = caller->seesAllDevices() ? ownerFilter : std::optional<qint64>(caller->id);
    QJsonArray arr;
    for (const DeviceRecord &d : s.devices.list(owner))
        arr.append(deviceJson(d));
    const QByteArray json =
        QJsonDocument(QJsonObject{{QStringLiteral("devices"), arr}}).toJson(QJsonDocument::Compact);
    // A list read while the database failed is empty, not true: never cached (the answer becomes 503).
    if (!DependencyFaultScope::currentFailed())
        s.listCache.put(key, json);
    ex->replyJsonBytes(200, json);
}

void getDevice(GatewayServices &s, const ExchangePtr &ex)
{
    const auto caller = s.authn.require(ex);
    if (!caller)
        return;
    if (const auto device = findVisibleDevice(s.devices, *caller, ex->param(QStringLiteral("id")), ex)) {
        QJsonObject out = deviceJson(*device);
        if (s.realtime)
            s.realtime->overlay(&out); // a report not yet in the database (devices.status_flush_ms)
        ex->replyJson(200, out);
    }
}

void addDevice(GatewayServices &s, const ExchangePtr &ex)
{
    const auto caller = s.authn.requireRole(ex, {roles::kAdmin});
    if (!caller)
        return;
    const auto body = ex->jsonObjectBody(s.config.maxBodyBytes);
    if (!body)
        return;
    QString error;
    const auto id = spk::proto::readString((*body), QStringLiteral("id"), 64, &error);
    const auto name =
        id ? spk::proto::readString((*body), QStringLiteral("name"), 128, &error) : std::nullopt;
    const auto owner = name ? spk::proto::readBoundedInt((*body), QStringLiteral("owner_id"), 1,
                                                         std::numeric_limits<int>::max(), &error)
                            : std::nullopt;
    if (!owner)
        return ex->replyError(400, QStringLiteral("invalid_input"), error);
    if (!spk::proto::isValidDeviceId(*id))
        return ex->replyError(400, QStringLiteral("invalid_input"),
                              QStringLiteral("'id' must be 1-64 chars of [A-Za-z0-9_-]"));
    if (!s.users.findById(*owner))
        return ex->replyError(400, QStringLiteral("invalid_input"),
                              QStringLiteral("'owner_id' %1 is not a user").arg(*owner));
    const QString secret = auth::newDeviceSecret();
    switch (s.devices.create(*id, *name, *owner, auth::hashDeviceSecret(secret))) {
    case StoreResult::Ok:
        break;
    case StoreResult::Conflict:
        return ex->replyError(409, QStringLiteral("conflict"), QStringLiteral("device '%1' exists").arg(*id));
    case StoreResult::NotFound:
        return ex->replyError(400, QStringLiteral("invalid_input"),
                              QStringLiteral("'owner_id' %1 is not a user").arg(*owner));
    default:
        return ex->replyError(503, QStringLiteral("database_unavailable"),
                              QStringLiteral("could not store the device"));
    }
    s.directory.add(*id, *owner);
    s.replicas.deviceAdded(*id, *owner);
    s.notifyRegistryChanged();
    s.listCache.invalidateOwner(*owner);
    s.audit.record(*caller, QStringLiteral("device.add"), QStringLiteral("device"), *id,
                   {{QStringLiteral("name"), *name}, {QStringLiteral("owner_id"), *owner}});
    QJsonObject out = deviceJson(*s.devices.find(*id));
    out.insert(QStringLiteral("secret"), secret);
    ex->replyJson(201, out);
}

// The device's old credentials end: the broker cuts its MQTT connection when its credentials file
// follows, and every bridge closes its /ws/audio (protocol.md §7).
void announceRevoked(GatewayServices &s, const QString &deviceId)
{
    s.notifyRegistryChanged();
    const QJsonObject event{{QStringLiteral("device_id"), deviceId}};
    s.mqtt.publish(QLatin1String(spk::proto::kDeviceRevokedTopic),
                   QJsonDocument(event).toJson(QJsonDocument::Compact), 1, false);
}

// POST /api/devices/{id}/secret (admin): a new secret, shown only in this reply; the old one stops working.
void rotateSecret(GatewayServices &s, const ExchangePtr &ex)
{
    const auto caller = s.authn.requireRole(ex, {roles::kAdmin});
    if (!caller)
        return;
    const auto device = findVisibleDevice(s.devices, *caller, ex->param(QStringLiteral("id")), ex);
    if (!device)
        return;
    const QString secret = auth::newDeviceSecret();
    switch (s.devices.setSecretHash(device->id, auth::hashDeviceSecret(secret))) {
    case StoreResult::Ok:
        break;
    case StoreResult::NotFound: // deleted meanwhile
        return ex->replyError(404, QStringLiteral("not_found"),
                              QStringLiteral("no such device: %1").arg(device->id));
    default:
        return ex->replyError(503, QStringLiteral("database_unavailable"),
                              QStringLiteral("could not store the new secret"));
    }
    announceRevoked(s, device->id);
    s.audit.record(*caller, QStringLiteral("device.secret_rotate"), QStringLiteral("device"), device->id);
    ex->replyJson(200, QJsonObject{{QStringLiteral("secret"), secret}});
}

void removeDevice(GatewayServices &s, const ExchangePtr &ex)
{
    const auto caller = s.authn.requireRole(ex, {roles::kAdmin});
    if (!caller)
        return;
    const auto device = findVisibleDevice(s.devices, *caller, ex->param(QStringLiteral("id")), ex);
    if (!device)
        return;
    // Read before the sessions go with the device; a failed read answers 503 (dependency_faults.h).
    const std::optional<QStringList> recordings = deviceRecordings(s.db, device->id);
    if (!recordings || s.devices.remove(device->id) != StoreResult::Ok)
        return ex->replyError(503, QStringLiteral("database_unavailable"),
                              QStringLiteral("could not remove"));
    // Files on another replica's disk are removed by that bridge's daily sweep.
    removeRecordingFiles(*recordings, s.metrics, QStringLiteral("device_deleted"));
    s.directory.remove(device->id);
    if (s.realtime) // shared by every replica: a device re-added under this id must start clean
        s.realtime->forget(device->id);
    s.replicas.deviceRemoved(device->id, device->ownerId);
    announceRevoked(s, device->id);
    s.listCache.invalidateOwner(device->ownerId);
    // Clear the retained config so a re-registered device with this id starts clean.
    s.mqtt.publish(spk::proto::deviceTopic(device->id, spk::proto::DeviceTopic::Config), {}, 1, true);
    s.audit.record(*caller, QStringLiteral("device.remove"), QStringLiteral("device"), device->id);
    ex->replyEmpty(204);
}

} // namespace

void registerDeviceRoutes(HttpServer &http, GatewayServices &s)
{
    using M = QHttpServerRequest::Method;
    http.route(M::Get, QStringLiteral("/api/devices"), [&s](const ExchangePtr &ex) { listDevices(s, ex); });
    http.route(M::Post, QStringLiteral("/api/devices"), [&s](const ExchangePtr &ex) { addDevice(s, ex); });
    http.route(M::Get, QStringLiteral("/api/devices/{id}"),
               [&s](const ExchangePtr &ex) { getDevice(s, ex); });
    http.route(M::Delete, QStringLiteral("/api/devices/{id}"),
               [&s](const ExchangePtr &ex) { removeDevice(s, ex); });
    http.route(M::Post, QStringLiteral("/api/devices/{id}/secret"),
               [&s](const ExchangePtr &ex) { rotateSecret(s, ex); });
}

} // namespace spk::server
