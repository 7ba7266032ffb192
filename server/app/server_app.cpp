#include "server/app/server_app.h"

#include "server/app/broker_setup.h"
#include "server/app/dependency_probe.h"
#include "server/app/ops_routes.h"
#include "server/auth/token_service.h"
#include "server/bridge/bridge.h"
#include "server/cache/cache.h"
#include "server/core/logging.h"
#include "server/core/metrics.h"
#include "server/core/server_role.h"
#include "server/devices/broker_credentials_writer.h"
#include "server/gateway/caller.h"
#include "server/gateway/gateway.h"
#include "server/http/bearer_token.h"
#include "server/http/http_server.h"
#include "server/mqtt/embedded_broker.h"
#include "server/mqtt/mqtt_client.h"
#include "server/mqtt/replica_presence.h"
#include "server/storage/database.h"
#include "server/storage/device_store.h"
#include "shared/media/sodium_init.h"
#include "shared/wire/topics.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QUuid>
#include <sodium.h>

namespace spk::server {

struct ServerApp::Parts
{
    Metrics metrics;
    std::unique_ptr<Database> db;
    std::unique_ptr<Cache> cache;
    std::unique_ptr<DeviceStore> devices;
    std::unique_ptr<BrokerCredentialsWriter> brokerCredentials;
    std::unique_ptr<EmbeddedBroker> broker;
    std::unique_ptr<MqttClient> mqtt;
    std::unique_ptr<ReplicaPresence> presence;
    std::unique_ptr<HttpServer> http;
    std::unique_ptr<auth::TokenService> tokens;
    std::unique_ptr<Gateway> gateway;
    std::unique_ptr<Bridge> bridge;
    std::unique_ptr<DependencyProbe> probe; // last: stopped before what it probes goes away
    quint16 port = 0;
};

QByteArray loadOrCreateJwtKey(const QString &dataDir, QString *error)
{
    const QString path = QDir(dataDir).absoluteFilePath(QStringLiteral("jwt.key"));
    QFile f(path);
    if (f.exists()) {
        if (!f.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read %1").arg(path);
            return {};
        }
        return QByteArray::fromBase64(f.readAll().trimmed());
    }
    QByteArray key(48, '\0');
    randombytes_buf(key.data(), static_cast<size_t>(key.size()));
    if (!f.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write %1").arg(path);
        return {};
    }
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    f.write(key.toBase64() + '\n');
    return key;
}

ServerApp::ServerApp(ServerConfig config, QObject *parent)
    : QObject(parent), config_(std::move(config)), p_(std::make_unique<Parts>())
{
}

ServerApp::~ServerApp()
{
    stop();
}

quint16 ServerApp::httpPort() const
{
    return p_->port;
}

bool ServerApp::start(QString *error)
{
    const std::optional<ServerRole> role = parseConfigEnum<ServerRole>(config_.role);
    if (!role) { // the loader allows only the names; a config built in code may not
        *error = QStringLiteral("role must be one of %1, got '%2'")
                     .arg(configEnumNames<ServerRole>().join(QLatin1String(", ")), config_.role);
        return false;
    }
    if (!media::ensureSodium()) {
        *error = QStringLiteral("libsodium failed to initialise");
        return false;
    }
    if (!QDir().mkpath(config_.dataDir)) {
        *error = QStringLiteral("cannot create the data dir %1").arg(config_.dataDir);
        return false;
    }
    p_->db = Database::open(config_.effectiveDatabaseUrl(), error);
    if (!p_->db || !p_->db->migrate(error))
        return false;

    p_->cache = openCache(config_.cacheUrl, error);
    if (!p_->cache)
        return false;

    BrokerSetup login;
    if (!resolveBrokerSetup(config_, &login, error))
        return false;
    if (!login.credentialsFile.isEmpty()) {
        // Written before the broker starts, so spkd's own login works from its first connect.
        p_->devices = std::make_unique<DeviceStore>(*p_->db);
        p_->brokerCredentials = std::make_unique<BrokerCredentialsWriter>(
            *p_->devices, login.credentialsFile, login.username, login.password, p_->metrics);
        if (!p_->brokerCredentials->writeNow(error))
            return false;
    }
    QString mqttUrl = config_.mqttUrl;
    if (config_.mqttEmbedded) {
        EmbeddedBroker::Options bo;
        bo.mosquittoBin = config_.mosquittoBin;
        bo.dataDir = config_.dataDir;
        bo.port = config_.mqttEmbeddedPort;
        bo.authPlugin = login.authPlugin;
        bo.credentialsFile = login.credentialsFile;
        bo.maxMessageBytes = config_.mqttBrokerMaxMessageBytes;
        p_->broker = std::make_unique<EmbeddedBroker>(bo);
        if (!p_->broker->start(error))
            return false;
        mqttUrl = p_->broker->url();
    }
    MqttClient::Options mo;
    mo.url = mqttUrl;
    mo.clientId =
        QStringLiteral("spkd-%1-%2").arg(config_.role, QUuid::createUuid().toString(QUuid::Id128).left(8));
    mo.username = login.username;
    mo.password = login.password;
    mo.caFile = config_.mqttCaFile;
    mo.metrics = &p_->metrics;
    mo.willTopic = ReplicaPresence::topicFor(mo.clientId); // an empty retained will: "gone"
    mo.willRetain = true;
    p_->mqtt = std::make_unique<MqttClient>(mo);
    QStringList roles;
    if (runsGateway(*role))
        roles << QStringLiteral("gateway");
    if (runsBridge(*role))
        roles << QStringLiteral("bridge");
    p_->presence = std::make_unique<ReplicaPresence>(*p_->mqtt, p_->metrics, roles);
    p_->presence->start();
    p_->mqtt->start();
    if (p_->brokerCredentials)
        p_->brokerCredentials->setAfterWrite([m = p_->mqtt.get()] {
            m->publish(QLatin1String(spk::wire::kCredentialsChangedTopic), {}, 1, false);
        });

    QString keyError;
    QByteArray key = config_.jwtSecret.isEmpty() ? loadOrCreateJwtKey(config_.dataDir, &keyError)
                                                 : config_.jwtSecret.toUtf8();
    if (key.size() < 32) {
        *error = keyError.isEmpty() ? QStringLiteral("auth.jwt_secret must be at least 32 bytes") : keyError;
        return false;
    }
    p_->tokens = std::make_unique<auth::TokenService>(key, config_.tokenTtl);

    HttpLimits limits = config_.httpLimits;
    limits.maxBodyBytes = config_.maxBodyBytes;
    p_->http = std::make_unique<HttpServer>(limits, &p_->metrics);
    const std::optional<TrustedProxies> proxies = TrustedProxies::parse(config_.trustedProxies, error);
    if (!proxies) {
        *error = QStringLiteral("http.trusted_proxies: ") + *error;
        return false;
    }
    p_->http->setTrustedProxies(*proxies);
    if (runsGateway(*role)) {
        p_->gateway = std::make_unique<Gateway>(config_, *p_->db, *p_->cache, *p_->mqtt, *p_->http,
                                                p_->metrics, *p_->tokens);
        if (p_->brokerCredentials)
            p_->gateway->onRegistryChanged([w = p_->brokerCredentials.get()] { w->scheduleWrite(); });
        p_->gateway->start();
    }
    if (runsBridge(*role)) {
        p_->bridge = std::make_unique<Bridge>(BridgeConfig::fromServerConfig(config_), config_.pipeline,
                                              *p_->db, *p_->mqtt, *p_->http, p_->metrics, p_->cache.get());
        if (!p_->bridge->start(error))
            return false;
    }
    OpsProbes probes{*p_->db, *p_->mqtt, p_->metrics, {}, config_.metricsPublic, {}};
    if (p_->gateway) {
        probes.cacheReachable = [c = p_->cache.get()] { return c->ping(); };
        probes.allowMetrics = [g = p_->gateway.get()](const ExchangePtr &ex) {
            return bool(g->requireAdmin(ex));
        };
    } else { // a bridge alone checks the admin's token itself (same key; no user database lookups)
        probes.allowMetrics = [t = p_->tokens.get()](const ExchangePtr &ex) {
            QString error;
            const auto claims = t->verify(bearerToken(ex->header("authorization"), ex->query()), &error);
            if (!claims)
                ex->replyError(401, error, QStringLiteral("an admin token is required"));
            else if (claims->role != roles::kAdmin)
                ex->replyError(403, QStringLiteral("forbidden"),
                               QStringLiteral("the metrics are for admins"));
            return claims && claims->role == roles::kAdmin;
        };
    }
    registerOpsRoutes(*p_->http, std::move(probes));
    DependencyProbe::Checks checks;
    checks.database = [db = p_->db.get()] { return db->ping(); };
    checks.broker = [m = p_->mqtt.get()] { return m->isConnected(); };
    if (p_->gateway) // as /readyz: the cache is the gateway's
        checks.cache = [c = p_->cache.get()] { return c->ping(); };
    p_->probe = std::make_unique<DependencyProbe>(p_->metrics, std::move(checks));
    p_->probe->start();
    p_->port = p_->http->listenOn(QHostAddress(config_.httpHost), static_cast<quint16>(config_.httpPort));
    if (p_->port == 0) {
        *error =
            QStringLiteral("cannot listen on %1:%2 (in use?)").arg(config_.httpHost).arg(config_.httpPort);
        return false;
    }
    if (p_->bridge)
        p_->bridge->setHttpPort(p_->port);
    qCInfo(lcCore).noquote() << QStringLiteral(
                                    "spkd (%1) listening on http://%2:%3, database %4, cache %5, broker %6")
                                    .arg(config_.role, config_.httpHost)
                                    .arg(p_->port)
                                    .arg(p_->db->isPostgres() ? QStringLiteral("postgresql")
                                                              : QStringLiteral("sqlite"),
                                         p_->cache->backendName(), mqttUrl);
    return true;
}

void ServerApp::stop()
{
    p_->probe.reset();
    if (p_->gateway)
        p_->gateway->flush();
    p_->bridge.reset(); // ends live sessions while the database and broker are still there
    p_->http.reset();
    p_->gateway.reset();
    p_->presence.reset(); // clears this process's entry while the broker is still there
    if (p_->mqtt)
        p_->mqtt->stop();
    p_->mqtt.reset();
    if (p_->broker)
        p_->broker->stop();
    p_->broker.reset();
}

} // namespace spk::server
