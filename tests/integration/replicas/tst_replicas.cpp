// Several spkd replicas on one PostgreSQL, one Redis and one Mosquitto (with spk's auth plugin), as
// docs/replicas.md describes: two gateways and two bridges. Statuses are consumed once yet pushed by
// every gateway, configs and logouts work across gateways, lockout counts across them, each wake is
// taken by exactly one bridge (the one holding the device's /ws/audio), a lost bridge's sessions
// fail with bridge_lost, and a surviving gateway serves everything when the other dies.
#include "tests/support/broker_client.h"
#include "tests/support/firmware_device.h"
#include "tests/support/mosquitto_process.h"
#include "tests/support/require_service.h"
#include "tests/support/spkd_process.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUuid>
#include <QWebSocket>
#include <QtTest>

using namespace spk::test;

namespace {

QByteArray json(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QList<QJsonObject> framesOf(const QSignalSpy &spy, const QString &type)
{
    QList<QJsonObject> out;
    for (const auto &args : spy) {
        const QJsonObject o = QJsonDocument::fromJson(args[0].toString().toUtf8()).object();
        if (o.value("type").toString() == type)
            out << o;
    }
    return out;
}

} // namespace

class TestReplicas : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<MosquittoProcess> broker_;
    QString dbUrl_;
    std::unique_ptr<SpkdProcess> gwA_, gwB_, b1_, b2_;
    QString admin_;
    std::unique_ptr<FirmwareDevice> speaker_;

    QStringList commonEnv() const
    {
        return {"SPK_MQTT_EMBEDDED=false",
                "SPK_MQTT_URL=" + broker_->url(),
                "SPK_CACHE_URL=" + qEnvironmentVariable("SPK_TEST_REDIS_URL"),
                "SPK_CACHE_PREFIX=" +
                    QStringLiteral("rep%1:").arg(QUuid::createUuid().toString(QUuid::Id128).left(8)),
                "SPK_AUTH_JWT_SECRET=replica-test-shared-signing-key-0123456789abcdef",
                "SPK_AUTH_LOGIN_MAX_FAILURES=4",
                "SPK_BRIDGE_HEARTBEAT_SECONDS=1",
                "SPK_BRIDGE_DEAD_AFTER_SECONDS=3"};
    }
    std::unique_ptr<SpkdProcess> startReplica(const QString &role, const QStringList &env, bool createAdmin)
    {
        auto p = std::make_unique<SpkdProcess>();
        SpkdProcess::Options o;
        o.backend = SpkdProcess::Backend::Postgres;
        o.role = role;
        o.databaseUrl = dbUrl_;
        o.createAdmin = createAdmin;
        o.env = env;
        QString error;
        if (!p->start(o, &error)) {
            qWarning().noquote() << role << "did not start:" << error << "\nbroker:" << broker_->logs();
            return nullptr;
        }
        return p;
    }
    QString addDevice(const QString &id)
    {
        const auto r =
            gwA_->api("POST", "/api/devices", admin_, json({{"id", id}, {"name", id}, {"owner_id", 1}}));
        return r.json.value("secret").toString();
    }
    std::unique_ptr<QWebSocket> openLive(const SpkdProcess &gw, const QString &token)
    {
        auto ws = std::make_unique<QWebSocket>();
        QNetworkRequest req(QUrl(gw.wsUrl() + "/ws"));
        req.setRawHeader("Authorization", "Bearer " + token.toUtf8());
        QSignalSpy connected(ws.get(), &QWebSocket::connected);
        ws->open(req);
        if (!connected.wait(5000))
            return nullptr;
        return ws;
    }
    double metric(const SpkdProcess &p, const QString &name)
    {
        const HttpResult r = p.api("GET", "/metrics", admin_);
        const QRegularExpression line("^" + QRegularExpression::escape(name) + " ([0-9.e+]+)$",
                                      QRegularExpression::MultilineOption);
        const auto m = line.match(QString::fromUtf8(r.body));
        if (r.status != 200)
            return -1;
        return m.hasMatch() ? m.captured(1).toDouble() : 0; // a counter appears once it counted
    }
    // A device that logs in to the broker with its secret and waits for its wake/ack.
    std::unique_ptr<BrokerClient> deviceClient(const QString &id, const QString &secret)
    {
        for (int attempt = 0; attempt < 20; ++attempt) { // its credentials reach the broker within ~100 ms
            auto c = std::make_unique<BrokerClient>(broker_->url(), id);
            if (c->connect(id, secret) == 0 && c->subscribe("device/" + id + "/wake/ack") == 1)
                return c;
            QTest::qWait(100);
        }
        return nullptr;
    }
    // Publishes a wake and returns the ws_url of every wake/ack that arrives within waitMs.
    QStringList wake(BrokerClient &device, const QString &id, const QString &sessionId, int waitMs = 1500)
    {
        device.publish("device/" + id + "/wake", json({{"session_id", sessionId}}));
        QStringList urls;
        for (const auto &m : device.receiveMessages(waitMs))
            urls << QJsonDocument::fromJson(m.second).object().value("ws_url").toString();
        return urls;
    }
    QString bridgeOf(const QString &wsUrl) const
    {
        if (wsUrl.startsWith(b1_->wsUrl() + "/"))
            return "b1";
        if (b2_ && wsUrl.startsWith(b2_->wsUrl() + "/"))
            return "b2";
        return "unknown: " + wsUrl;
    }
    std::unique_ptr<QWebSocket> openDeviceAudio(const SpkdProcess &bridge, const QString &id,
                                                const QString &secret)
    {
        auto ws = std::make_unique<QWebSocket>();
        QNetworkRequest req(QUrl(bridge.wsUrl() + "/ws/audio"));
        req.setRawHeader("Authorization", "Bearer " + secret.toUtf8());
        req.setRawHeader("X-Device-Id", id.toUtf8());
        QSignalSpy connected(ws.get(), &QWebSocket::connected);
        ws->open(req);
        if (!connected.wait(5000))
            return nullptr;
        return ws;
    }
    QJsonObject latestSession(const QString &deviceId)
    {
        const auto r = gwB_->api("GET", "/api/sessions?device_id=" + deviceId, admin_);
        const QJsonArray sessions = r.json.value("sessions").toArray();
        return sessions.isEmpty() ? QJsonObject() : sessions.first().toObject();
    }

private slots:
    void initTestCase()
    {
        SPK_REQUIRE_SERVICE("PostgreSQL", "SPK_TEST_PG_URL");
        SPK_REQUIRE_SERVICE("Redis", "SPK_TEST_REDIS_URL");
        dir_ = std::make_unique<QTemporaryDir>();
        QString error;
        QVERIFY2(createTestDatabase(&dbUrl_, &error), qPrintable(error));
        broker_ = std::make_unique<MosquittoProcess>(dir_->path() + "/broker");
        QVERIFY2(broker_->start(&error), qPrintable(error));
        const QStringList gatewayEnv = commonEnv()
                                       << "SPK_MQTT_CREDENTIALS_FILE=" + broker_->credentialsFile();
        gwA_ = startReplica("gateway", gatewayEnv, true);
        QVERIFY(gwA_);
        gwB_ = startReplica("gateway", gatewayEnv, false);
        QVERIFY(gwB_);
        b1_ = startReplica("bridge", commonEnv() << "SPK_BRIDGE_ID=b1", false);
        QVERIFY(b1_);
        b2_ = startReplica("bridge", commonEnv() << "SPK_BRIDGE_ID=b2", false);
        QVERIFY(b2_);
        admin_ = gwA_->adminToken();
        QVERIFY(!admin_.isEmpty());
        // A bridge answers probes and metrics too (readiness in Kubernetes, Prometheus).
        QCOMPARE(httpRequest("GET", b1_->baseUrl() + "/readyz").status, 200);
        QVERIFY(metric(*b1_, "spk_bridge_replicas_alive") >= 1);
    }
    void cleanupTestCase()
    {
        speaker_.reset();
        gwA_.reset();
        gwB_.reset();
        b1_.reset();
        b2_.reset();
        broker_.reset();
        if (!dbUrl_.isEmpty())
            dropTestDatabase(dbUrl_);
    }

    void aBridgeIdIsNotSharedByTwoLiveBridges()
    {
        auto twin = std::make_unique<SpkdProcess>();
        SpkdProcess::Options o;
        o.backend = SpkdProcess::Backend::Postgres;
        o.role = "bridge";
        o.databaseUrl = dbUrl_;
        o.createAdmin = false;
        o.env = commonEnv() << "SPK_BRIDGE_ID=b1";
        QString error;
        QVERIFY(!twin->start(o, &error));
        QVERIFY2(error.contains("belongs to another live bridge"), qPrintable(error));
    }

    void statusesAreStoredOnceAndReachEveryWatcher()
    {
        const QString secret = addDevice("rep-speaker");
        QVERIFY(!secret.isEmpty());
        auto watchA = openLive(*gwA_, admin_), watchB = openLive(*gwB_, admin_);
        QVERIFY(watchA && watchB);
        QSignalSpy seenA(watchA.get(), &QWebSocket::textMessageReceived);
        QSignalSpy seenB(watchB.get(), &QWebSocket::textMessageReceived);
        const double before =
            metric(*gwA_, "spk_status_received_total") + metric(*gwB_, "spk_status_received_total");

        FirmwareDevice::Options fo;
        fo.secret = secret;
        speaker_ = std::make_unique<FirmwareDevice>("rep-speaker", broker_->url(), fo);
        QVERIFY(speaker_->start());
        // Paced as a device reports (not a burst): with Mosquitto's round-robin shared subscriptions two
        // reports a few microseconds apart could be stored by two gateways in either order
        // (docs/replicas.md: EMQX's hash_clientid strategy keeps each device on one gateway).
        for (int i = 0; i < 10; ++i) {
            speaker_->report(40 + i, 30.0);
            QTest::qWait(30);
        }
        const auto lastBattery = [](const QSignalSpy &spy) {
            const auto frames = framesOf(spy, "status_update");
            return frames.isEmpty() ? -1 : frames.last().value("data").toObject().value("battery").toInt();
        };
        QTRY_COMPARE_WITH_TIMEOUT(lastBattery(seenA), 49, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(lastBattery(seenB), 49, 5000);
        // Each report was consumed (and written) by one gateway only, yet pushed by both, and both
        // gateways took their share. (Retried: the device also reports on its own cadence.)
        double consumedA = 0, consumedB = 0;
        const auto consumedMatchesPushed = [&] {
            consumedA = metric(*gwA_, "spk_status_received_total");
            consumedB = metric(*gwB_, "spk_status_received_total");
            const int pushed = framesOf(seenA, "status_update").size();
            return framesOf(seenB, "status_update").size() == pushed &&
                   consumedA + consumedB - before == pushed;
        };
        QTRY_VERIFY2_WITH_TIMEOUT(consumedMatchesPushed(),
                                  qPrintable(QString("consumed A %1 + B %2 - %3, pushed to A %4, to B %5")
                                                 .arg(consumedA)
                                                 .arg(consumedB)
                                                 .arg(before)
                                                 .arg(framesOf(seenA, "status_update").size())
                                                 .arg(framesOf(seenB, "status_update").size())),
                                  5000);
        QVERIFY2(consumedA > 0 && consumedB > 0,
                 qPrintable(QString("A %1, B %2").arg(consumedA).arg(consumedB)));
        QTRY_COMPARE_WITH_TIMEOUT(
            gwB_->api("GET", "/api/devices/rep-speaker", admin_).json.value("battery").toInt(), 49, 3000);
        QVERIFY(gwA_->api("GET", "/api/devices/rep-speaker", admin_).json.value("online").toBool());
    }

    void configsCompleteThroughEitherGateway()
    {
        QVERIFY(speaker_);
        auto watchB = openLive(*gwB_, admin_);
        QVERIFY(watchB);
        QSignalSpy seenB(watchB.get(), &QWebSocket::textMessageReceived);
        for (int i = 0; i < 6; ++i) {
            SpkdProcess &gw = i % 2 ? *gwB_ : *gwA_;
            const auto r =
                gw.api("PUT", "/api/devices/rep-speaker/config", admin_, json({{"volume", 10 + i}}));
            QCOMPARE(r.status, 200);
            QCOMPARE(r.json.value("config").toObject().value("volume").toInt(), 10 + i);
        }
        QTRY_COMPARE_WITH_TIMEOUT(framesOf(seenB, "config_ack").size(), 6, 3000);
        QCOMPARE(gwA_->api("GET", "/api/devices/rep-speaker", admin_).json.value("volume").toInt(), 15);
    }

    void logoutOnOneGatewayIsHonouredOnTheOther()
    {
        const QString token = gwA_->login(SpkdProcess::adminName(), SpkdProcess::adminPassword());
        QVERIFY(!token.isEmpty());
        QCOMPARE(gwB_->api("GET", "/api/me", token).status, 200);
        auto live = openLive(*gwB_, token);
        QVERIFY(live);
        QSignalSpy closed(live.get(), &QWebSocket::disconnected);
        QCOMPARE(gwA_->api("POST", "/api/auth/logout", token).status, 204);
        const auto after = gwB_->api("GET", "/api/me", token); // at once: no wait for any event
        QCOMPARE(after.status, 401);
        QCOMPARE(after.json.value("error").toObject().value("code").toString(),
                 QStringLiteral("token_revoked"));
        QVERIFY(!closed.isEmpty() || closed.wait(3000)); // its /ws on the other gateway closes too
    }

    void lockoutCountsAcrossGateways()
    {
        const auto created =
            gwA_->api("POST", "/api/users", admin_,
                      json({{"username", "rep-alice"}, {"password", "Alice-pass-123"}, {"role", "user"}}));
        QCOMPARE(created.status, 201);
        const auto attempt = [](SpkdProcess &gw, const char *password) {
            return httpRequest("POST", gw.baseUrl() + "/api/auth/login",
                               json({{"username", "rep-alice"}, {"password", password}}),
                               {{"Content-Type", "application/json"}})
                .status;
        };
        for (int i = 0; i < 4; ++i) // login_max_failures = 4, spread over both gateways
            QCOMPARE(attempt(i % 2 ? *gwB_ : *gwA_, "wrong"), 401);
        QCOMPARE(attempt(*gwA_, "Alice-pass-123"), 429);
        QCOMPARE(attempt(*gwB_, "Alice-pass-123"), 429);
    }

    void eachWakeIsTakenByExactlyOneBridge()
    {
        QSet<QString> used;
        for (int i = 0; i < 12; ++i) {
            const QString id = QStringLiteral("rep-w%1").arg(i);
            const QString secret = addDevice(id);
            auto device = deviceClient(id, secret);
            QVERIFY(device);
            const QStringList acks = wake(*device, id, "s1");
            QCOMPARE(acks.size(), 1);
            used << bridgeOf(acks.first());
        }
        QCOMPARE(used, (QSet<QString>{"b1", "b2"})); // devices spread over the bridges
        QVERIFY(metric(*b1_, "spk_bridge_wakes_forwarded_total") +
                    metric(*b2_, "spk_bridge_wakes_forwarded_total") >
                0);
    }

    void aDevicesWakesGoToTheBridgeHoldingItsAudioSocket()
    {
        const QString id = "rep-linked";
        const QString secret = addDevice(id);
        auto device = deviceClient(id, secret);
        QVERIFY(device);
        QStringList acks = wake(*device, id, "s1");
        QCOMPARE(acks.size(), 1);
        // The device keeps a /ws/audio from earlier on the other bridge: its wakes follow that socket.
        SpkdProcess &other = bridgeOf(acks.first()) == "b1" ? *b2_ : *b1_;
        const QString otherName = &other == b1_.get() ? "b1" : "b2";
        auto audio = openDeviceAudio(other, id, secret);
        QVERIFY(audio);
        QTest::qWait(200); // the link is written when the socket is accepted
        for (int i = 2; i <= 4; ++i) {
            acks = wake(*device, id, QStringLiteral("s%1").arg(i));
            QCOMPARE(acks.size(), 1);
            QCOMPARE(bridgeOf(acks.first()), otherName);
        }
    }

    void aLostBridgesSessionsFailAndNewWakesGoToTheSurvivor()
    {
        // A device whose conversation is live on b2.
        QString id, secret;
        std::unique_ptr<BrokerClient> device;
        for (int i = 0; i < 20 && id.isEmpty(); ++i) {
            const QString candidate = QStringLiteral("rep-lost%1").arg(i);
            const QString s = addDevice(candidate);
            auto d = deviceClient(candidate, s);
            QVERIFY(d);
            const QStringList acks = wake(*d, candidate, "s1");
            QCOMPARE(acks.size(), 1);
            if (bridgeOf(acks.first()) == "b2")
                id = candidate, secret = s, device = std::move(d);
        }
        QVERIFY(!id.isEmpty());
        QCOMPARE(latestSession(id).value("status").toString(), QStringLiteral("active"));
        // Every process sees the whole fleet on the broker (retained presence, cleared by the will).
        QTRY_COMPARE_WITH_TIMEOUT(metric(*gwA_, "spk_replicas_alive{role=\"bridge\"}"), 2.0, 3000);
        b2_->kill();
        QTRY_COMPARE_WITH_TIMEOUT(metric(*gwA_, "spk_replicas_alive{role=\"bridge\"}"), 1.0, 3000);
        // dead after 3 s, beats every second: failed by b1 well within 10 s.
        QTRY_COMPARE_WITH_TIMEOUT(latestSession(id).value("status").toString(), QStringLiteral("failed"),
                                  10000);
        QCOMPARE(latestSession(id).value("failure_reason").toString(), QStringLiteral("bridge_lost"));
        QVERIFY(metric(*b1_, "spk_bridge_replicas_lost_total") >= 1);
        QTRY_COMPARE_WITH_TIMEOUT(metric(*b1_, "spk_bridge_replicas_alive"), 1.0, 3000);
        const QStringList acks = wake(*device, id, "s2");
        QCOMPARE(acks.size(), 1);
        QCOMPARE(bridgeOf(acks.first()), QStringLiteral("b1"));
        b2_.reset();
    }

    void theSurvivingGatewayServesEverything()
    {
        QVERIFY(speaker_);
        auto watchB = openLive(*gwB_, admin_);
        QVERIFY(watchB);
        QSignalSpy seenB(watchB.get(), &QWebSocket::textMessageReceived);
        QTRY_COMPARE_WITH_TIMEOUT(metric(*gwB_, "spk_replicas_alive{role=\"gateway\"}"), 2.0, 3000);
        gwA_->kill();
        QTRY_COMPARE_WITH_TIMEOUT(metric(*gwB_, "spk_replicas_alive{role=\"gateway\"}"), 1.0, 3000);
        const auto r = gwB_->api("PUT", "/api/devices/rep-speaker/config", admin_, json({{"volume", 33}}));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json.value("config").toObject().value("volume").toInt(), 33);
        speaker_->report(21, 30.0);
        QTRY_VERIFY_WITH_TIMEOUT(
            !framesOf(seenB, "status_update").isEmpty() &&
                framesOf(seenB, "status_update").last().value("data").toObject().value("battery").toInt() ==
                    21,
            5000);
        QTRY_COMPARE_WITH_TIMEOUT(
            gwB_->api("GET", "/api/devices/rep-speaker", admin_).json.value("battery").toInt(), 21,
            3000); // stored at the next flush (devices.status_flush_ms)
        QCOMPARE(gwB_->api("GET", "/api/devices?limit=100", admin_).status, 200);
    }
};

QTEST_GUILESS_MAIN(TestReplicas)
#include "tst_replicas.moc"
