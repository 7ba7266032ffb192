#include "server/gateway/gateway.h"

#include "server/auth/token_service.h"
#include "server/cache/cache.h"
#include "server/core/config.h"
#include "server/core/logging.h"
#include "server/core/metrics.h"
#include "server/devices/audit_log.h"
#include "server/devices/device_commands.h"
#include "server/devices/device_config_service.h"
#include "server/gateway/authenticator.h"
#include "server/gateway/device_directory.h"
#include "server/gateway/device_list_cache.h"
#include "server/gateway/gateway_metrics.h"
#include "server/gateway/gateway_services.h"
#include "server/gateway/live_hub.h"
#include "server/gateway/login_throttle.h"
#include "server/gateway/password_checks.h"
#include "server/gateway/realtime_state.h"
#include "server/gateway/replica_sync.h"
#include "server/gateway/status_ingest.h"
#include "server/gateway/token_epochs.h"
#include "server/http/http_server.h"
#include "server/mqtt/mqtt_client.h"
#include "server/storage/audit_store.h"
#include "server/storage/database.h"
#include "server/storage/device_store.h"
#include "server/storage/session_store.h"
#include "server/storage/user_store.h"

#include "shared/protocol/device_messages.h"
#include "shared/protocol/json_input.h"
#include "shared/protocol/live_events.h"
#include "shared/protocol/topics.h"

#include <QUrlQuery>

namespace spk::server {

struct Gateway::Parts
{
    Parts(const ServerConfig &c, Database &db, Cache &cache, MqttClient &mqtt, HttpServer &http,
          Metrics &metrics, auth::TokenService &tokens)
        : config(c), users(db), devices(db), sessions(db), auditStore(db), revoked(db),
          limiter(cache, c.cachePrefix, c.loginMaxFailures, c.loginWindow, c.loginLockout),
          passwordChecks({c.maxConcurrentVerifications, c.maxConcurrentVerificationsPerSource,
                          c.verificationQueueLength, c.verificationQueuePerSource},
                         metrics),
          epochs(users, cache, c.cachePrefix), authn(tokens, users, epochs),
          listCache(cache, c.deviceListTtl, c.cachePrefix), commands(mqtt, metrics, c.ackTimeoutMs),
          audit(auditStore), deviceConfig(devices, audit, commands),
          live(directory, metrics, c.wsPingSeconds, c.wsIdleTimeoutSeconds), realtime(cache, c.cachePrefix),
          ingest(mqtt, devices, directory, metrics, c.statusFlushMs),
          replicas({mqtt, directory, listCache, tokens, authn, live, cache, revoked, c.cachePrefix}),
          http(http), mqtt(mqtt), cache(cache), services{c,         db,         users,          devices,
                                                         sessions,  auditStore, revoked,        metrics,
                                                         tokens,    limiter,    passwordChecks, authn,
                                                         directory, listCache,  commands,       deviceConfig,
                                                         audit,     live,       mqtt,           replicas,
                                                         nullptr,   {}}
    {
    }
    const ServerConfig &config;
    UserStore users;
    DeviceStore devices;
    SessionStore sessions;
    AuditStore auditStore;
    RevokedTokenStore revoked;
    LoginThrottle limiter;
    PasswordChecks passwordChecks;
    TokenEpochs epochs;
    Authenticator authn;
    DeviceDirectory directory;
    DeviceListCache listCache;
    DeviceCommands commands;
    AuditLog audit;
    DeviceConfigService deviceConfig;
    LiveHub live;
    RealtimeDeviceState realtime;
    StatusIngest ingest;
    ReplicaSync replicas;
    HttpServer &http;
    MqttClient &mqtt;
    Cache &cache;
    GatewayServices services;
};

Gateway::Gateway(const ServerConfig &config, Database &db, Cache &cache, MqttClient &mqtt, HttpServer &http,
                 Metrics &metrics, auth::TokenService &tokens, QObject *parent)
    : QObject(parent), p_(std::make_unique<Parts>(config, db, cache, mqtt, http, metrics, tokens))
{
    p_->directory.exportCounts(&metrics.gauge(gateway_metrics::kDevicesOnline),
                               &metrics.gauge(gateway_metrics::kDevicesRegistered));
    p_->ingest.setRealtimeState(&p_->realtime);
    p_->services.realtime = &p_->realtime;
    p_->live.setConnectionCaps(config.wsMaxConnectionsPerUser, config.wsMaxConnectionsPerToken);
    p_->authn.setRevokedElsewhere([this](const QString &jti) { return p_->replicas.revokedElsewhere(jti); });
}

Gateway::~Gateway()
{
    flush();
}

void Gateway::onRegistryChanged(std::function<void()> callback)
{
    p_->services.registryChanged = std::move(callback);
}

std::optional<Caller> Gateway::requireAdmin(const ExchangePtr &exchange) const
{
    return p_->authn.requireRole(exchange, {roles::kAdmin});
}

void Gateway::flush()
{
    p_->ingest.flush();
}

void Gateway::start()
{
    p_->directory.load(p_->devices);
    p_->revoked.purgeExpired();
    p_->services.tokens.loadRevoked(p_->revoked.active());
    qCInfo(lcGateway) << "fleet of" << p_->directory.size() << "devices loaded";

    // Status: push to watchers at once; online/offline changes also drop cached lists.
    connect(&p_->ingest, &StatusIngest::statusReceived, this,
            [this](const QString &deviceId, const QJsonObject &data, bool onlineChanged) {
                if (onlineChanged)
                    if (const auto owner = p_->directory.ownerOf(deviceId))
                        p_->listCache.invalidateOwner(*owner);
                p_->live.publish(deviceId, spk::proto::statusUpdateEvent(deviceId, data));
            });
    // Config acks (also for retained configs applied after a reconnect), once stored by the config
    // service: cached lists are dropped, watchers get config_ack.
    // Acks another replica stored arrive as configAckedElsewhere: the same for this replica's side.
    p_->deviceConfig.trackAcks();
    const auto onConfigApplied = [this](const QString &deviceId, const QString &requestId,
                                        const spk::wire::DeviceConfig &applied) {
        if (const auto owner = p_->directory.ownerOf(deviceId))
            p_->listCache.invalidateOwner(*owner);
        p_->live.publish(deviceId,
                         spk::proto::configAckEvent(deviceId, requestId, spk::proto::toJson(applied)));
    };
    connect(&p_->deviceConfig, &DeviceConfigService::configApplied, this, onConfigApplied);
    connect(&p_->commands, &DeviceCommands::configAckedElsewhere, this, onConfigApplied);
    // Session progress from the bridge (same process or another): forwarded to the device's watchers.
    p_->mqtt.subscribe(
        QLatin1String(spk::proto::kSessionProgressTopic), 0, this, [this](const MqttMessage &m) {
            const QJsonObject event =
                spk::proto::parseJsonObject(m.payload, spk::proto::kMaxMqttPayload).object;
            QString deviceId;
            if (spk::proto::isSessionProgressEvent(event, &deviceId) && p_->directory.contains(deviceId))
                p_->live.publish(deviceId, event);
        });
    p_->ingest.start();
    p_->commands.start();
    p_->replicas.start();

    registerAuthRoutes(p_->http, p_->services);
    registerUserRoutes(p_->http, p_->services);
    registerDeviceRoutes(p_->http, p_->services);
    registerBrokerHookRoutes(p_->http, p_->services);
    registerDeviceCommandRoutes(p_->http, p_->services);
    registerSessionRoutes(p_->http, p_->services);
    registerAuditRoutes(p_->http, p_->services);

    // protocol.md §2: a bad token is refused with HTTP 401 before the upgrade.
    p_->http.webSocket(
        QStringLiteral("/ws"),
        [this](const HttpRequest &req) {
            QString code, message;
            const QString token = bearerToken(req.value("authorization"), req.query());
            const auto caller =
                p_->authn.verify(token, p_->http.clientAddress(req).toString(), &code, &message);
            if (!caller)
                return spk::proto::ApiError{Authenticator::statusFor(code), code, message};
            return p_->live.admission(*caller);
        },
        [this](std::unique_ptr<QWebSocket> ws) {
            QString code, message;
            const QNetworkRequest &req = ws->request();
            const QString token = bearerToken(req.rawHeader("Authorization"), QUrlQuery(ws->requestUrl()));
            const auto caller =
                p_->authn.verify(token, p_->http.clientAddress(*ws).toString(), &code, &message);
            if (!caller) {
                ws->close(QWebSocketProtocol::CloseCodePolicyViolated, message);
                return;
            }
            p_->live.accept(std::move(ws), *caller);
        });
}

} // namespace spk::server
