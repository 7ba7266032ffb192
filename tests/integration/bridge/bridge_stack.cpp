#include "bridge_stack.h"

#include "server/app/ops_routes.h"
#include "server/auth/passwords.h"
#include "server/auth/token_service.h"
#include "server/cache/cache.h"
#include "server/gateway/gateway.h"
#include "server/http/http_server.h"
#include "server/mqtt/embedded_broker.h"
#include "server/mqtt/mqtt_client.h"
#include "server/storage/database.h"
#include "server/storage/user_store.h"
#include "tests/support/spkd_process.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

namespace spk::test {

using namespace spk::server;

BridgeStack::BridgeStack() = default;

BridgeStack::~BridgeStack()
{
    if (gateway_)
        gateway_->flush();
    bridge_.reset();
    http_.reset();
    gateway_.reset();
    if (mqtt_)
        mqtt_->stop();
    mqtt_.reset();
    if (broker_)
        broker_->stop();
}

QString BridgeStack::baseUrl() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(httpPort_);
}

QString BridgeStack::mqttUrl() const
{
    return broker_->url();
}

bool BridgeStack::start(BridgeConfig bridge, pipeline::PipelineConfig pipeline, QString *error)
{
    config_.dataDir = dir_.path();
    config_.mqttEmbeddedPort = freePort();
    config_.ackTimeoutMs = 3000;
    db_ = Database::open(config_.effectiveDatabaseUrl(), error);
    if (!db_ || !db_->migrate(error))
        return false;
    cache_ = openCache(QStringLiteral("memory:"), error);
    broker_ =
        std::make_unique<EmbeddedBroker>(config_.mosquittoBin, config_.dataDir, config_.mqttEmbeddedPort);
    if (!cache_ || !broker_->start(error))
        return false;
    MqttClient::Options mo;
    mo.url = broker_->url();
    mo.clientId = QStringLiteral("spkd-test");
    mqtt_ = std::make_unique<MqttClient>(mo);
    QSignalSpy connected(mqtt_.get(), &MqttClient::connected);
    mqtt_->start();
    if (!mqtt_->isConnected() && !connected.wait(5000)) {
        *error = QStringLiteral("spkd's MQTT client did not connect");
        return false;
    }
    tokens_ = std::make_unique<auth::TokenService>(QByteArray(48, 'k'), 3600);
    http_ = std::make_unique<HttpServer>(config_.maxBodyBytes, &metrics_);
    gateway_ = std::make_unique<Gateway>(config_, *db_, *cache_, *mqtt_, *http_, metrics_, *tokens_);
    gateway_->start();
    registerOpsRoutes(
        *http_, {*db_, *mqtt_, metrics_, [c = cache_.get()] { return c->ping(); }, config_.metricsPublic,
                 [g = gateway_.get()](const ExchangePtr &ex) { return bool(g->requireAdmin(ex)); }});

    bridge.dataDir = config_.dataDir;
    bridge.httpHost = QStringLiteral("127.0.0.1");
    bridge.udpHost = QStringLiteral("127.0.0.1");
    bridge.udpPort = 0;
    bridge_ = std::make_unique<Bridge>(bridge, pipeline, *db_, *mqtt_, *http_, metrics_);
    if (!bridge_->start(error))
        return false;
    httpPort_ = http_->listenOn(QHostAddress::LocalHost, 0);
    if (httpPort_ == 0) {
        *error = QStringLiteral("HTTP listen failed");
        return false;
    }
    bridge_->setHttpPort(httpPort_);

    UserStore users(*db_);
    if (users.create(QStringLiteral("admin"), auth::hashPassword(QStringLiteral("Admin-pass-123")),
                     QStringLiteral("admin"), &adminId_) != StoreResult::Ok) {
        *error = QStringLiteral("cannot create the admin");
        return false;
    }
    adminToken_ = tokens_->issue(adminId_, QStringLiteral("admin"), QStringLiteral("admin")).token;
    return true;
}

QString BridgeStack::addDevice(const QString &id)
{
    // Through the REST API, as an admin would, so the gateway's directory knows the device too.
    const QByteArray body =
        QJsonDocument(QJsonObject{{"id", id}, {"name", "Speaker " + id}, {"owner_id", adminId_}})
            .toJson(QJsonDocument::Compact);
    const HttpResult r = httpRequest("POST", baseUrl() + "/api/devices", body,
                                     {{"Authorization", "Bearer " + adminToken_.toUtf8()}});
    return r.status == 201 ? r.json.value("secret").toString() : QString();
}

} // namespace spk::test
