// protocol.md §7 on spkd's embedded broker, tried as the review's attacker would: anonymous and
// wrong-credential clients are refused, a device cannot read or write another device's topics or
// spkd's internal ones, and deleting a device or rotating its secret cuts its connection at once.
#include "tests/support/broker_client.h"
#include "tests/support/require_service.h"
#include "tests/support/spkd_process.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace spk::test;

namespace {

QByteArray json(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace

class TestBrokerAuth : public QObject
{
    Q_OBJECT
private:
    static constexpr const char *kHookToken = "emqx-hook-token-0123456789abcdef0123";
    std::unique_ptr<SpkdProcess> spkd_;
    QString admin_, url_;
    QHash<QString, QString> secrets_;

    // A request shaped as EMQX's HTTP authenticator/authorizer sends it (docs/mqtt-auth.md has the config).
    HttpResult hook(const char *path, const QJsonObject &body, const QByteArray &token = kHookToken)
    {
        QList<QPair<QByteArray, QByteArray>> headers{{"Content-Type", "application/json"}};
        if (!token.isEmpty())
            headers.append({"Authorization", "Bearer " + token});
        return httpRequest("POST", spkd_->baseUrl() + path, json(body), headers);
    }
    QString hookResult(const char *path, const QJsonObject &body)
    {
        const HttpResult r = hook(path, body);
        return r.status == 200 ? r.json.value("result").toString() : QStringLiteral("HTTP %1").arg(r.status);
    }

    QString addDevice(const QString &id)
    {
        const auto r =
            spkd_->api("POST", "/api/devices", admin_, json({{"id", id}, {"name", id}, {"owner_id", 1}}));
        return r.json.value("secret").toString();
    }
    // Logs a device in, retrying briefly: a device added a moment ago is in the broker's file within
    // BrokerCredentialsWriter::kCoalesceMs.
    std::unique_ptr<BrokerClient> deviceClient(const QString &id, const QString &secret)
    {
        for (int attempt = 0; attempt < 20; ++attempt) {
            auto c = std::make_unique<BrokerClient>(url_, id);
            if (c->connect(id, secret) == 0)
                return c;
            QTest::qWait(100);
        }
        return nullptr;
    }

private slots:
    void initTestCase()
    {
        spkd_ = std::make_unique<SpkdProcess>();
        QString error;
        SpkdProcess::Options o;
        o.env << QStringLiteral("SPK_MQTT_BROKER_HOOK_TOKEN=") + kHookToken;
        QVERIFY2(spkd_->start(o, &error), qPrintable(error));
        admin_ = spkd_->adminToken();
        url_ = spkd_->mqttUrl();
        for (const char *id : {"d1", "d2", "d3"}) {
            secrets_.insert(id, addDevice(id));
            QVERIFY(!secrets_.value(id).isEmpty());
        }
    }
    void cleanupTestCase() { spkd_.reset(); }

    void strangersAreRefusedAtConnect()
    {
        QCOMPARE(BrokerClient(url_, "anon").connect({}, {}), 5);
        QCOMPARE(BrokerClient(url_, "d1").connect("d1", "wrong-secret"), 5);
        QCOMPARE(BrokerClient(url_, "nobody").connect("nobody", secrets_.value("d1")), 5);
        QCOMPARE(BrokerClient(url_, "d1").connect("d2", secrets_.value("d2")), 5); // client id ≠ username
        QCOMPARE(BrokerClient(url_, "x").connect(SpkdProcess::mqttServiceUser(), "not-the-password"), 5);
        auto d1 = deviceClient("d1", secrets_.value("d1"));
        QVERIFY(d1);
    }

    void aDeviceUsesOnlyItsOwnSubtree()
    {
        BrokerClient watcher(url_, "watcher");
        QCOMPARE(watcher.connect(SpkdProcess::mqttServiceUser(), SpkdProcess::mqttServicePassword()), 0);
        QCOMPARE(watcher.subscribe("#"), 1);
        auto d2 = deviceClient("d2", secrets_.value("d2"));
        QVERIFY(d2);
        QCOMPARE(d2->subscribe("device/d1/#"), 0x80);
        QCOMPARE(d2->subscribe("device/+/wake/ack"), 0x80);
        QCOMPARE(d2->subscribe("spk/events/#"), 0x80);
        QCOMPARE(d2->subscribe("#"), 0x80);
        QCOMPARE(d2->subscribe("device/d2/#"), 1);
        watcher.receive(300); // the devices' connect-time traffic
        // Forged messages for d1 and spkd's internal topics are dropped by the broker.
        d2->publish("device/d1/status", json({{"online", true}, {"battery", 1}}));
        d2->publish("device/d1/config/ack", json({{"request_id", "r1"}, {"volume", 99}}));
        d2->publish("device/d1/wake", json({{"session_id", "s1"}}));
        d2->publish("spk/events/session_progress", json({{"device_id", "d1"}, {"stage", "asr"}}));
        d2->publish("device/d2/config", json({{"volume", 1}})); // spkd's topic, even in its own subtree
        d2->publish("device/d2/status", json({{"online", true}, {"battery", 77}})); // allowed: the sentinel
        QStringList seen = watcher.receive(800);
        seen.sort();
        // The one status that got through, and spkd's announcement of it to the other replicas.
        QCOMPARE(seen, (QStringList{"device/d2/status", "spk/events/status"}));
        QCOMPARE(spkd_->api("GET", "/api/devices/d2", admin_).json.value("battery").toInt(), 77);
        QCOMPARE(spkd_->api("GET", "/api/devices/d1", admin_).json.value("battery").toInt() == 1, false);
        // What spkd sends to d1 never reaches d2; what it sends to d2 does.
        watcher.publish("device/d1/config", json({{"volume", 10}}));
        watcher.publish("device/d2/config", json({{"volume", 20}}));
        QCOMPARE(d2->receive(500), QStringList{"device/d2/config"});
    }

    void emqxHooksApplyTheSameRule()
    {
        const QString d2 = secrets_.value("d2");
        // Only EMQX, with the configured token, may ask.
        QCOMPARE(hook("/api/broker/auth", {{"username", "d2"}}, QByteArray()).status, 401);
        QCOMPARE(hook("/api/broker/auth", {{"username", "d2"}}, "wrong-token-wrong-token-wrong-token").status,
                 401);
        QCOMPARE(httpRequest("POST", spkd_->baseUrl() + "/api/broker/auth", "{oops",
                             {{"Authorization", QByteArray("Bearer ") + kHookToken}})
                     .status,
                 400);
        // Authentication: {"clientid","username","password"}.
        QCOMPARE(hookResult("/api/broker/auth", {{"clientid", "d2"}, {"username", "d2"}, {"password", d2}}),
                 "allow");
        QCOMPARE(
            hookResult("/api/broker/auth", {{"clientid", "d2"}, {"username", "d2"}, {"password", "nope"}}),
            "deny");
        QCOMPARE(hookResult("/api/broker/auth", {{"clientid", "d1"}, {"username", "d2"}, {"password", d2}}),
                 "deny");
        QCOMPARE(
            hookResult("/api/broker/auth", {{"clientid", "x"}, {"username", "nobody"}, {"password", d2}}),
            "deny");
        QCOMPARE(hookResult("/api/broker/auth", {{"clientid", "d2"}, {"username", "d2"}}), "deny");
        const HttpResult svc = hook("/api/broker/auth", {{"clientid", "spkd-x"},
                                                         {"username", SpkdProcess::mqttServiceUser()},
                                                         {"password", SpkdProcess::mqttServicePassword()}});
        QCOMPARE(svc.json.value("result").toString(), QString("allow"));
        QCOMPARE(svc.json.value("is_superuser").toBool(), true);
        QCOMPARE(hookResult("/api/broker/auth", {{"clientid", "spkd-x"},
                                                 {"username", SpkdProcess::mqttServiceUser()},
                                                 {"password", "guess"}}),
                 "deny");
        // Authorization: {"clientid","username","topic","action"}.
        const auto acl = [&](const char *user, const char *topic, const char *action) {
            return hookResult("/api/broker/acl",
                              {{"clientid", user}, {"username", user}, {"topic", topic}, {"action", action}});
        };
        QCOMPARE(acl("d2", "device/d2/status", "publish"), "allow");
        QCOMPARE(acl("d2", "device/d1/status", "publish"), "deny");
        QCOMPARE(acl("d2", "device/d2/config", "publish"), "deny");
        QCOMPARE(acl("d2", "device/d2/#", "subscribe"), "allow");
        QCOMPARE(acl("d2", "device/d1/#", "subscribe"), "deny");
        QCOMPARE(acl("d2", "spk/events/#", "subscribe"), "deny");
        QCOMPARE(acl("d2", "device/d2/status", "dance"), "deny");
        QCOMPARE(acl("ghost", "device/ghost/status", "publish"), "deny"); // not registered
    }

    void anonymousIsAnExplicitOptOut()
    {
        SpkdProcess open;
        SpkdProcess::Options o;
        o.env << QStringLiteral("SPK_MQTT_ALLOW_ANONYMOUS=true");
        QString error;
        QVERIFY2(open.start(o, &error), qPrintable(error));
        QCOMPARE(BrokerClient(open.mqttUrl(), "anon").connect({}, {}), 0);
        QVERIFY(open.logs().contains("anonymous"));
        // Without mqtt.broker_hook_token the EMQX routes do not exist.
        QCOMPARE(httpRequest("POST", open.baseUrl() + "/api/broker/auth", "{}").status, 404);
    }

    void deletingADeviceCutsItOff()
    {
        auto d3 = deviceClient("d3", secrets_.value("d3"));
        QVERIFY(d3);
        QElapsedTimer cut;
        cut.start();
        QCOMPARE(spkd_->api("DELETE", "/api/devices/d3", admin_).status, 204);
        QVERIFY(QTest::qWaitFor([&] { return !d3->isConnected(); }, 1000)); // protocol.md §7: at once
        qInfo() << "cut after" << cut.elapsed() << "ms";
        QCOMPARE(BrokerClient(url_, "d3").connect("d3", secrets_.value("d3")), 5);
    }

    void rotatingASecretEndsTheOldOne()
    {
        auto d1 = deviceClient("d1", secrets_.value("d1"));
        QVERIFY(d1);
        const auto r = spkd_->api("POST", "/api/devices/d1/secret", admin_);
        QCOMPARE(r.status, 200);
        const QString fresh = r.json.value("secret").toString();
        QCOMPARE(fresh.size(), 43);
        QVERIFY(fresh != secrets_.value("d1"));
        QVERIFY(QTest::qWaitFor([&] { return !d1->isConnected(); }, 1000));
        QCOMPARE(BrokerClient(url_, "d1").connect("d1", secrets_.value("d1")), 5);
        QVERIFY(deviceClient("d1", fresh));
        secrets_.insert("d1", fresh);
        // Only an admin rotates, only an existing device, and the audit log says who did.
        QCOMPARE(spkd_->api("POST", "/api/devices/nope/secret", admin_).status, 404);
        QCOMPARE(spkd_->api("POST", "/api/devices/d1/secret", QString()).status, 401);
        const auto audit = spkd_->api("GET", "/api/audit", admin_).body;
        QVERIFY(audit.contains("device.secret_rotate"));
    }
};

QTEST_GUILESS_MAIN(TestBrokerAuth)
#include "tst_broker_auth.moc"
