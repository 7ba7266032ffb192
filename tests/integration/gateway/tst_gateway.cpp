// spkd's gateway end to end over HTTP, WebSocket and MQTT (seed scenes 1, 2 and 4), against a real spkd
// with its private Mosquitto, on SQLite and on PostgreSQL. The devices are the real firmware core
// (tests/support/firmware_device.h); only the garbage no firmware sends comes from a raw publisher.
#include "tests/support/firmware_device.h"
#include "tests/support/require_service.h"
#include "tests/support/spkd_process.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>

using namespace spk::test;

namespace {
QByteArray json(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}
} // namespace

class TestGateway : public QObject
{
    Q_OBJECT

    std::unique_ptr<SpkdProcess> spkd_;
    QString admin_;
    int instance_ = 0; // gives each spkd its own key prefix in the shared Redis

    // Adds a user through the API and returns {id, token}.
    QPair<qint64, QString> addUser(const QString &name, const QString &role)
    {
        const auto r = spkd_->api("POST", "/api/users", admin_,
                                  json({{"username", name}, {"password", "Password-123"}, {"role", role}}));
        if (r.status != 201)
            return {0, {}};
        return {r.json.value("id").toInteger(), spkd_->login(name, "Password-123")};
    }
    QJsonObject addDevice(const QString &id, qint64 owner)
    {
        return spkd_
            ->api("POST", "/api/devices", admin_,
                  json({{"id", id}, {"name", "Speaker " + id}, {"owner_id", owner}}))
            .json;
    }
    QJsonObject device(const QString &id) { return spkd_->api("GET", "/api/devices/" + id, admin_).json; }
    static QList<QJsonObject> messages(const QSignalSpy &spy)
    {
        QList<QJsonObject> out;
        for (const auto &args : spy)
            out << QJsonDocument::fromJson(args[0].toString().toUtf8()).object();
        return out;
    }
    std::unique_ptr<QWebSocket> openLive(const QString &token)
    {
        auto ws = std::make_unique<QWebSocket>();
        QNetworkRequest req(QUrl(spkd_->wsUrl() + "/ws"));
        req.setRawHeader("Authorization", "Bearer " + token.toUtf8());
        QSignalSpy connected(ws.get(), &QWebSocket::connected);
        ws->open(req);
        if (!connected.wait(5000))
            return nullptr;
        return ws;
    }

private slots:
    void initTestCase_data()
    {
        QTest::addColumn<bool>("postgres");
        QTest::addColumn<bool>("redis");
        QTest::newRow("sqlite") << false << false;
        QTest::newRow("postgres+redis") << true << true;
    }

    void init()
    {
        QFETCH_GLOBAL(bool, postgres);
        QFETCH_GLOBAL(bool, redis);
        if (postgres)
            SPK_REQUIRE_SERVICE("PostgreSQL", "SPK_TEST_PG_URL");
        if (redis)
            SPK_REQUIRE_SERVICE("Redis", "SPK_TEST_REDIS_URL");
        spkd_ = std::make_unique<SpkdProcess>();
        SpkdProcess::Options o;
        o.backend = postgres ? SpkdProcess::Backend::Postgres : SpkdProcess::Backend::Sqlite;
        if (redis)
            o.env << "SPK_CACHE_URL=" + qEnvironmentVariable("SPK_TEST_REDIS_URL")
                  << "SPK_CACHE_PREFIX=t" + QString::number(QCoreApplication::applicationPid()) + "_" +
                         QString::number(++instance_) + ":";
        o.env << "SPK_DEVICES_ACK_TIMEOUT_MS=1500"
              << "SPK_AUTH_LOGIN_MAX_FAILURES=3";
        QString error;
        QVERIFY2(spkd_->start(o, &error), qPrintable(error));
        admin_ = spkd_->adminToken();
        QVERIFY(!admin_.isEmpty());
    }

    void cleanup()
    {
        if (QTest::currentTestFailed() && spkd_)
            qWarning().noquote() << "spkd log:\n" << spkd_->logs();
        spkd_.reset();
    }

    void loginMeLogout()
    {
        auto me = spkd_->api("GET", "/api/me", admin_);
        QCOMPARE(me.status, 200);
        QCOMPARE(me.json.value("username").toString(), QString("admin"));
        QCOMPARE(me.json.value("role").toString(), QString("admin"));
        const QString token = spkd_->login("admin", SpkdProcess::adminPassword());
        QCOMPARE(spkd_->api("POST", "/api/auth/logout", token).status, 204);
        auto revoked = spkd_->api("GET", "/api/me", token);
        QCOMPARE(revoked.status, 401);
        QCOMPARE(revoked.json["error"].toObject()["code"].toString(), QString("token_revoked"));
        // Revocation survives a restart.
        QString error;
        QVERIFY2(spkd_->restart(&error), qPrintable(error));
        QCOMPARE(spkd_->api("GET", "/api/me", token).status, 401);
    }

    void badTokens()
    {
        QCOMPARE(spkd_->api("GET", "/api/devices", {}).json["error"].toObject()["code"].toString(),
                 QString("missing_token"));
        QCOMPARE(spkd_->api("GET", "/api/devices", "garbage").status, 401);
        // A token signed with another key.
        QString forged = admin_;
        forged[forged.size() - 3] = forged[forged.size() - 3] == 'A' ? 'B' : 'A';
        QCOMPARE(spkd_->api("GET", "/api/devices", forged).status, 401);
        // alg=none with the admin's claims.
        const QStringList parts = admin_.split('.');
        const QByteArray none = QByteArray(R"({"alg":"none","typ":"JWT"})")
                                    .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
        QCOMPARE(spkd_->api("GET", "/api/devices", QString::fromLatin1(none) + "." + parts[1] + ".").status,
                 401);
        // A valid token in the query is refused on REST (it would end up in URLs and logs): only /ws takes
        // it.
        const auto inQuery = spkd_->api("GET", "/api/devices?token=" + admin_, {});
        QCOMPARE(inQuery.status, 401);
        QCOMPARE(inQuery.json["error"].toObject()["code"].toString(), QString("token_in_query"));
    }

    void expiredToken()
    {
        QString error;
        spkd_->stop();
        SpkdProcess shortLived;
        SpkdProcess::Options o;
        QFETCH_GLOBAL(bool, postgres);
        o.backend = postgres ? SpkdProcess::Backend::Postgres : SpkdProcess::Backend::Sqlite;
        // exp is in whole seconds: a TTL of N s gives a token valid between N-1 and N s. 3 s leaves
        // the first request (on a busy CI machine) at least 2 s.
        o.env << "SPK_AUTH_TOKEN_TTL=3";
        QVERIFY2(shortLived.start(o, &error), qPrintable(error));
        const QString token = shortLived.adminToken();
        QCOMPARE(shortLived.api("GET", "/api/me", token).status, 200);
        QTest::qWait(3200);
        auto r = shortLived.api("GET", "/api/me", token);
        QCOMPARE(r.status, 401);
        QCOMPARE(r.json["error"].toObject()["code"].toString(), QString("token_expired"));
    }

    void loginLockout()
    {
        for (int i = 0; i < 3; ++i) {
            auto r = httpRequest("POST", spkd_->baseUrl() + "/api/auth/login",
                                 json({{"username", "admin"}, {"password", "wrong-password"}}));
            QCOMPARE(r.status, 401);
        }
        auto locked = httpRequest("POST", spkd_->baseUrl() + "/api/auth/login",
                                  json({{"username", "admin"}, {"password", SpkdProcess::adminPassword()}}));
        QCOMPARE(locked.status, 429);
        QVERIFY(!locked.header("Retry-After").isEmpty());
        QCOMPARE(locked.json["error"].toObject()["code"].toString(), QString("too_many_attempts"));
    }

    void usersAndRoles()
    {
        auto [supportId, support] = addUser("sam", "support");
        auto [userId, user] = addUser("ula", "user");
        QVERIFY(supportId > 0 && userId > 0 && !support.isEmpty() && !user.isEmpty());
        QCOMPARE(spkd_->api("GET", "/api/users", admin_).json["users"].toArray().size(), 3);
        QCOMPARE(spkd_->api("GET", "/api/users", support).status, 403);
        QCOMPARE(spkd_
                     ->api("POST", "/api/users", admin_,
                           json({{"username", "sam"}, {"password", "Password-123"}, {"role", "user"}}))
                     .status,
                 409);
        QCOMPARE(spkd_
                     ->api("POST", "/api/users", admin_,
                           json({{"username", "x"}, {"password", "Password-123"}, {"role", "root"}}))
                     .status,
                 400);
        QCOMPARE(spkd_
                     ->api("POST", "/api/users", admin_,
                           json({{"username", "y"}, {"password", "short"}, {"role", "user"}}))
                     .status,
                 400);
        QCOMPARE(spkd_->api("DELETE", "/api/users/" + QString::number(userId), admin_).status, 204);
        QCOMPARE(spkd_->api("GET", "/api/me", user).status, 401); // a removed user's token stops working
        QCOMPARE(spkd_->api("DELETE", "/api/users/99999", admin_).status, 404);
    }

    void devicesVisibilityAndCache()
    {
        auto [aliceId, alice] = addUser("alice", "user");
        auto [bobId, bob] = addUser("bob", "user");
        auto [samId, sam] = addUser("sam", "support");
        Q_UNUSED(samId);
        const QJsonObject created = addDevice("dev-a1", aliceId);
        QCOMPARE(created.value("secret").toString().size(), 43); // 32 bytes, base64url
        addDevice("dev-b1", bobId);
        QCOMPARE(spkd_
                     ->api("POST", "/api/devices", admin_,
                           json({{"id", "dev-a1"}, {"name", "dup"}, {"owner_id", aliceId}}))
                     .status,
                 409);
        QCOMPARE(spkd_
                     ->api("POST", "/api/devices", alice,
                           json({{"id", "x1"}, {"name", "n"}, {"owner_id", aliceId}}))
                     .status,
                 403);

        auto list = spkd_->api("GET", "/api/devices", alice);
        QCOMPARE(list.status, 200);
        QCOMPARE(list.json["devices"].toArray().size(), 1);
        QCOMPARE(list.json["devices"].toArray()[0].toObject()["id"].toString(), QString("dev-a1"));
        QVERIFY(!list.json["devices"].toArray()[0].toObject().contains("secret"));
        QCOMPARE(spkd_->api("GET", "/api/devices", sam).json["devices"].toArray().size(), 2);
        QCOMPARE(spkd_->api("GET", "/api/devices?owner_id=" + QString::number(bobId), sam)
                     .json["devices"]
                     .toArray()
                     .size(),
                 1);
        // Another owner's device does not exist for alice.
        QCOMPARE(spkd_->api("GET", "/api/devices/dev-b1", alice).status, 404);
        QCOMPARE(spkd_->api("PUT", "/api/devices/dev-b1/config", alice, json({{"volume", 10}})).status, 404);
        QCOMPARE(spkd_->api("GET", "/api/devices/dev-b1", sam).status, 200);
        QCOMPARE(spkd_->api("PUT", "/api/devices/dev-b1/config", sam, json({{"volume", 10}})).status, 403);

        // Scene 1: the second list is served from the cache; adding a device invalidates it.
        auto metric = [this](const QString &result) {
            const QString text = QString::fromUtf8(httpRequest("GET", spkd_->baseUrl() + "/metrics").body);
            for (const QString &line : text.split('\n'))
                if (line.startsWith("spk_device_list_cache_total{result=\"" + result + "\"}"))
                    return line.section(' ', 1).toInt();
            return 0;
        };
        const int hits = metric("hit");
        spkd_->api("GET", "/api/devices", alice);
        QCOMPARE(metric("hit"), hits + 1);
        addDevice("dev-a2", aliceId);
        QCOMPARE(spkd_->api("GET", "/api/devices", alice).json["devices"].toArray().size(), 2);
        QCOMPARE(spkd_->api("DELETE", "/api/devices/dev-a2", admin_).status, 204);
        QCOMPARE(spkd_->api("GET", "/api/devices", alice).json["devices"].toArray().size(), 1);
        QCOMPARE(spkd_->api("DELETE", "/api/devices/dev-a2", admin_).status, 404);
    }

    void badInputChangesNothing()
    {
        addDevice("dev1", 1);
        addDevice("dev2", 1); // the sentinel's device (below)
        const QJsonObject before = device("dev1");
        struct Case
        {
            QByteArray body;
            int status;
            const char *code;
        };
        const QList<Case> cases{
            {"{not json", 400, "invalid_json"},
            {"[1,2]", 400, "invalid_json"},
            {R"({"volume":"80"})", 400, "invalid_input"},
            {R"({"volume":150})", 400, "invalid_input"},
            {R"({"volume":-1})", 400, "invalid_input"},
            {R"({"volume":50.5})", 400, "invalid_input"},
            {R"({"bass":3})", 400, "invalid_input"},
            {R"({})", 400, "invalid_input"},
            {QByteArray(1024 * 1024 + 10, ' '), 413, "body_too_large"},
        };
        for (const Case &c : cases) {
            auto r = spkd_->api("PUT", "/api/devices/dev1/config", admin_, c.body);
            QCOMPARE(r.status, c.status);
            QCOMPARE(r.json["error"].toObject()["code"].toString(), QString(c.code));
            QVERIFY(!r.json["error"].toObject()["message"].toString().isEmpty());
        }
        QCOMPARE(spkd_->api("POST", "/api/devices", admin_, R"({"id":"a b","name":"n","owner_id":1})").status,
                 400);
        QCOMPARE(
            spkd_->api("POST", "/api/devices", admin_, R"({"id":"ok","name":"n","owner_id":999})").status,
            400);
        QCOMPARE(
            spkd_->api("POST", "/api/devices", admin_, R"({"id":"ok","name":"n","owner_id":"1"})").status,
            400);
        QCOMPARE(spkd_->api("GET", "/api/nothing", admin_).status, 404);
        QCOMPARE(spkd_->api("PATCH", "/api/devices", admin_).status, 405);
        QCOMPARE(spkd_->api("GET", "/api/sessions?limit=0", admin_).status, 400);
        QCOMPARE(spkd_->api("GET", "/api/sessions?status=weird", admin_).status, 400);
        QCOMPARE(device("dev1"), before);

        // Garbage MQTT: malformed, wrong types, out of range, another topic's id; nothing changes.
        // No firmware sends these, so a raw publisher does. It ends with a sentinel, a valid status of
        // dev2 on the same connection: Mosquitto delivers one connection's QoS 1 messages to spkd in
        // the order they were sent, and spkd handles them in that order on one thread (what it would
        // store is queued and written in that order, the sentinel's online change flushing it). So once
        // dev2 is online, every message before it has been handled: no timed wait.
        auto ws = openLive(admin_);
        QVERIFY(ws);
        QSignalSpy live(ws.get(), &QWebSocket::textMessageReceived);
        // As spkd's service account: what reaches spkd here is the test, not the broker's ACL.
        RawMqttPublisher raw(spkd_->mqttUrl(), SpkdProcess::mqttServiceUser(),
                             SpkdProcess::mqttServicePassword());
        QVERIFY(raw.connect());
        raw.publish("device/dev1/status", "{garbage");
        raw.publish("device/dev1/status", R"({"battery":"full"})");
        raw.publish("device/dev1/status", R"({"battery":1000})");
        raw.publish("device/dev1/status", QByteArray(70 * 1024, 'x'));
        raw.publish("device/dev1/config/ack", R"({"request_id":42})");
        raw.publish("device/no-such-device/status", json({{"online", true}, {"battery", 5}}));
        raw.publish("device/dev2/status", json({{"online", true}, {"battery", 42}})); // the sentinel, last
        QTRY_COMPARE_WITH_TIMEOUT(device("dev2")["battery"].toInt(), 42, 10000);
        QCOMPARE(device("dev2")["online"].toBool(), true);
        QJsonObject after = device("dev1");
        QCOMPARE(after, before);
        // Watchers heard of the sentinel only (pushes go out in the order spkd handles the messages).
        QTRY_VERIFY_WITH_TIMEOUT(!live.isEmpty(), 10000);
        for (const QJsonObject &m : messages(live))
            QCOMPARE(m["device_id"].toString(), QString("dev2"));
        QCOMPARE(spkd_->api("GET", "/readyz", {}).status, 200);
    }

    void configRoundTripAndLiveAck()
    {
        FirmwareDevice::Options firmware;
        firmware.secret = addDevice("dev1", 1).value("secret").toString();
        FirmwareDevice dev("dev1", spkd_->mqttUrl(), firmware);
        QVERIFY(dev.start());
        auto ws = openLive(admin_);
        QVERIFY(ws);
        QSignalSpy live(ws.get(), &QWebSocket::textMessageReceived);
        auto r = spkd_->api("PUT", "/api/devices/dev1/config", admin_, json({{"volume", 80}}));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json["success"].toBool(), true);
        QCOMPARE(r.json["config"].toObject()["volume"].toInt(), 80);
        QCOMPARE(device("dev1")["volume"].toInt(), 80);
        QCOMPARE(device("dev1")["config_pending"].toBool(), false);
        QCOMPARE(dev.core().config().volume, 80); // the firmware applied it before acking
        QVERIFY(QTest::qWaitFor(
            [&] {
                for (const auto &args : live)
                    if (QJsonDocument::fromJson(args[0].toString().toUtf8())["type"].toString() ==
                        "config_ack")
                        return true;
                return false;
            },
            3000));
        QCOMPARE(spkd_->api("POST", "/api/devices/dev1/reboot", admin_).json["success"].toBool(), true);
        const auto audit = spkd_->api("GET", "/api/audit?limit=10", admin_).json["entries"].toArray();
        QStringList actions;
        for (const auto &e : audit)
            actions << e.toObject()["action"].toString();
        QVERIFY(actions.contains("device.config"));
        QVERIFY(actions.contains("device.reboot"));
        QVERIFY(actions.contains("device.add"));
    }

    void configTimeoutIsPersistedAndDeliveredLater()
    {
        FirmwareDevice::Options firmware;
        firmware.secret = addDevice("dev1", 1).value("secret").toString();
        auto r = spkd_->api("PUT", "/api/devices/dev1/config", admin_, json({{"volume", 33}}));
        QCOMPARE(r.status, 504);
        QCOMPARE(r.json["success"].toBool(), false);
        QCOMPARE(r.json["error"].toObject()["code"].toString(), QString("device_timeout"));
        QCOMPARE(device("dev1")["config"].toObject()["volume"].toInt(), 33);
        QCOMPARE(device("dev1")["config_pending"].toBool(), true);
        // The device connects later and gets the retained config, acks it; the server records it.
        FirmwareDevice dev("dev1", spkd_->mqttUrl(), firmware); // its volume is 50 until it hears otherwise
        QVERIFY(dev.start());
        QVERIFY(QTest::qWaitFor([&] { return dev.core().counters().configsApplied > 0; }, 5000));
        QCOMPARE(dev.core().config().volume, 33);
        QVERIFY(QTest::qWaitFor([&] { return device("dev1")["config_pending"].toBool() == false; }, 5000));
        QCOMPARE(device("dev1")["volume"].toInt(), 33);
    }

    void liveStatusFilteredAndOffline()
    {
        auto [aliceId, alice] = addUser("alice", "user");
        auto [bobId, bob] = addUser("bob", "user");
        const QString secretA = addDevice("dev-a", aliceId).value("secret").toString();
        FirmwareDevice::Options bobsFirmware;
        bobsFirmware.secret = addDevice("dev-b", bobId).value("secret").toString();
        auto aliceWs = openLive(alice);
        auto bobWs = openLive(bob);
        QVERIFY(aliceWs && bobWs);
        QSignalSpy aliceMsgs(aliceWs.get(), &QWebSocket::textMessageReceived);
        QSignalSpy bobMsgs(bobWs.get(), &QWebSocket::textMessageReceived);
        // On connect the firmware reports itself: online, battery 85, volume 40, 35 °C, 1.0.0.
        FirmwareDevice::Options state;
        state.battery = 85;
        state.volume = 40;
        state.temperature = 35;
        state.firmware = "1.0.0";
        state.secret = secretA;
        FirmwareDevice dev("dev-a", spkd_->mqttUrl(), state);
        QVERIFY(dev.start());
        QTRY_VERIFY_WITH_TIMEOUT(!aliceMsgs.isEmpty(), 3000);
        const QJsonObject msg = QJsonDocument::fromJson(aliceMsgs.first()[0].toString().toUtf8()).object();
        QCOMPARE(msg["type"].toString(), QString("status_update"));
        QCOMPARE(msg["device_id"].toString(), QString("dev-a"));
        QCOMPARE(msg["data"].toObject()["battery"].toInt(), 85);
        QVERIFY(QTest::qWaitFor([&] { return device("dev-a")["online"].toBool(); }, 3000));
        QCOMPARE(device("dev-a")["battery"].toInt(), 85);
        // The owner's list shows it online at once (the cache was invalidated by the change).
        QCOMPARE(spkd_->api("GET", "/api/devices", alice)
                     .json["devices"]
                     .toArray()[0]
                     .toObject()["online"]
                     .toBool(),
                 true);
        dev.cutLink(); // the network goes: the broker publishes the device's will
        QVERIFY(QTest::qWaitFor([&] { return !device("dev-a")["online"].toBool(); }, 5000));
        QCOMPARE(spkd_->api("GET", "/api/devices", alice)
                     .json["devices"]
                     .toArray()[0]
                     .toObject()["online"]
                     .toBool(),
                 false);
        // Then bob's own device reports. Pushes reach bob in the order spkd handled the reports, so
        // once he has dev-b's, anything about alice's earlier ones would already be there.
        FirmwareDevice bobs("dev-b", spkd_->mqttUrl(), bobsFirmware);
        QVERIFY(bobs.start());
        QTRY_VERIFY_WITH_TIMEOUT(!bobMsgs.isEmpty(), 5000);
        for (const QJsonObject &m : messages(bobMsgs))
            QCOMPARE(m["device_id"].toString(), QString("dev-b")); // bob never hears about alice's device
    }

    void liveRefusesBadTokenBeforeUpgrade()
    {
        auto r = httpRequest("GET", spkd_->baseUrl() + "/ws", {},
                             {{"Connection", "Upgrade"},
                              {"Upgrade", "websocket"},
                              {"Sec-WebSocket-Version", "13"},
                              {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="},
                              {"Authorization", "Bearer nope"}});
        QCOMPARE(r.status, 401);
        QWebSocket ws;
        QSignalSpy connected(&ws, &QWebSocket::connected);
        ws.open(QUrl(spkd_->wsUrl() + "/ws?token=" + admin_)); // query token works too
        QVERIFY(connected.wait(5000));
    }

    void dataFilesAreOwnerOnly()
    {
        // Created 0600/0700 from the first byte (spkd's umask), not restricted afterwards. The broker's
        // credentials (and the directory holding them) are meant for one more reader: the broker's group.
        const auto others = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup |
                            QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
        QVERIFY2(!(QFileInfo(spkd_->dataDir()).permissions() & others), "the data dir is open to others");
        QDirIterator it(spkd_->dataDir(), QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden,
                        QDirIterator::Subdirectories);
        int checked = 0;
        while (it.hasNext()) {
            const QFileInfo f(it.next());
            if (f.fileName().startsWith(QLatin1String("credentials")) ||
                QFileInfo::exists(f.filePath() + QStringLiteral("/credentials")))
                continue;
            QVERIFY2(!(f.permissions() & others), qPrintable(f.filePath() + " is open to others"));
            ++checked;
        }
        QVERIFY2(checked >= 1, "no data files found");
        QVERIFY(QFileInfo::exists(spkd_->dataDir() + "/jwt.key"));
    }

    void dataSurvivesRestart()
    {
        addDevice("dev1", 1);
        QCOMPARE(spkd_->api("PUT", "/api/devices/dev1/config", admin_, json({{"volume", 12}})).status, 504);
        QString error;
        QVERIFY2(spkd_->restart(&error), qPrintable(error));
        const QString token = spkd_->adminToken();
        QCOMPARE(spkd_->api("GET", "/api/devices/dev1", token).json["config"].toObject()["volume"].toInt(),
                 12);
        QVERIFY(spkd_->api("GET", "/api/audit", token).json["entries"].toArray().size() >= 3);
    }
};

QTEST_GUILESS_MAIN(TestGateway)
#include "tst_gateway.moc"
