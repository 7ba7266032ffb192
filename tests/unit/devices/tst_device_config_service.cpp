// DeviceConfigService: persist (typed merge), audit, publish retained QoS 1, track the ack, answer; and
// the spoken path (DeviceConfigAction) audited as the voice session. Real SQLite, real Mosquitto.
#include "server/bridge/device_config_action.h"
#include "server/core/metrics.h"
#include "server/devices/audit_log.h"
#include "server/devices/device_commands.h"
#include "server/devices/device_config_service.h"
#include "server/mqtt/embedded_broker.h"
#include "server/mqtt/mqtt_client.h"
#include "server/storage/audit_store.h"
#include "server/storage/device_store.h"
#include "server/storage/user_store.h"
#include "storage_test_db.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

using namespace spk::server;
using spk::wire::DeviceConfig;

class TestDeviceConfigService : public QObject
{
    Q_OBJECT

    QTemporaryDir brokerDir_;
    std::unique_ptr<EmbeddedBroker> broker_;

    static std::unique_ptr<MqttClient> connectedClient(const QString &url, const QString &id)
    {
        MqttClient::Options o;
        o.url = url;
        o.clientId = id;
        auto c = std::make_unique<MqttClient>(o);
        QSignalSpy up(c.get(), &MqttClient::connected);
        c->start();
        if (!up.wait(5000))
            return nullptr;
        return c;
    }

private slots:
    void initTestCase_data() { testing::addBackendRows(); }
    void initTestCase()
    {
        const int port = 20000 + int(QRandomGenerator::global()->bounded(20000));
        broker_ =
            std::make_unique<EmbeddedBroker>(QStringLiteral("/usr/sbin/mosquitto"), brokerDir_.path(), port);
        QString error;
        QVERIFY2(broker_->start(&error), qPrintable(error));
    }
    void cleanupTestCase() { broker_.reset(); }

    void changePersistsAuditsPublishesAndAnswers()
    {
        SPK_OPEN_TEST_DB(t, true);
        qint64 owner = 0;
        QCOMPARE(UserStore(*t->db).create("owner", "h", "user", &owner), StoreResult::Ok);
        DeviceStore devices(*t->db);
        QCOMPARE(devices.create("cfg1", "Kitchen", owner, "s"), StoreResult::Ok);
        auto server = connectedClient(broker_->url(), QStringLiteral("svc-server"));
        auto device = connectedClient(broker_->url(), QStringLiteral("cfg1"));
        QVERIFY(server && device);
        // Rows share the broker: drop the previous row's retained config (an empty retained message).
        QVERIFY(server->publish("device/cfg1/config", {}, 1, true));

        Metrics metrics;
        AuditStore auditStore(*t->db);
        AuditLog audit(auditStore);
        DeviceCommands commands(*server, metrics, 3000);
        DeviceConfigService service(devices, audit, commands);
        commands.start();
        service.trackAcks();
        QSignalSpy applied(&service, &DeviceConfigService::configApplied);

        // The device acks with what it applied (it echoes the config, as the firmware does).
        QList<QJsonObject> received;
        device->subscribe("device/cfg1/config", 1, device.get(), [&](const MqttMessage &m) {
            QCOMPARE(m.device.deviceId, QStringLiteral("cfg1"));
            QCOMPARE(m.device.kind, spk::proto::DeviceTopic::Config);
            received.append(QJsonDocument::fromJson(m.payload).object());
            device->publish("device/cfg1/config/ack", m.payload, 1, false);
        });
        QTest::qWait(200); // the subscription reaches the broker

        DeviceConfig volume;
        volume.volume = 30;
        AuditActor alice{7, QStringLiteral("alice"), QStringLiteral("127.0.0.1")};
        bool answered = false;
        DeviceConfig answer;
        auto r =
            service.change("cfg1", volume, alice, [&](bool acked, const DeviceConfig &c, const QString &) {
                answered = acked;
                answer = c;
            });
        QCOMPARE(r.outcome, DeviceConfigService::Outcome::Sent);
        QVERIFY(!r.requestId.isEmpty());
        QCOMPARE(devices.find("cfg1")->desiredConfig, (QJsonObject{{"volume", 30}}));
        QVERIFY(devices.find("cfg1")->configPending);
        QTRY_VERIFY_WITH_TIMEOUT(answered, 5000);
        QCOMPARE(answer.volume, std::optional<int>(30));
        QTRY_COMPARE_WITH_TIMEOUT(applied.size(), 1, 3000);
        QVERIFY(!devices.find("cfg1")->configPending);
        QCOMPARE(devices.find("cfg1")->applied.volume, std::optional<int>(30));

        // A second patch merges with the first (typed, in one transaction) and the applied muted is kept.
        DeviceConfig mute;
        mute.muted = true;
        r = service.change("cfg1", mute, alice);
        QCOMPARE(r.outcome, DeviceConfigService::Outcome::Sent);
        QCOMPARE(r.config.volume, std::optional<int>(30));
        QCOMPARE(r.config.muted, std::optional<bool>(true));
        QTRY_COMPARE_WITH_TIMEOUT(applied.size(), 2, 5000);
        QCOMPARE(received.size(), 2);
        QCOMPARE(received.last(),
                 (QJsonObject{{"volume", 30}, {"muted", true}, {"request_id", r.requestId}}));
        const auto row = devices.find("cfg1");
        QCOMPARE(row->applied.muted, std::optional<bool>(true));
        QCOMPARE(row->applied.volume, std::optional<int>(30));
        QVERIFY(!row->configPending);

        // Retained: a device connecting later gets the latest config.
        auto late = connectedClient(broker_->url(), QStringLiteral("late-reader"));
        QVERIFY(late);
        QJsonObject retained;
        late->subscribe("device/+/config", 1, late.get(), [&](const MqttMessage &m) {
            retained = QJsonDocument::fromJson(m.payload).object();
        });
        QTRY_COMPARE_WITH_TIMEOUT(retained.value("request_id").toString(), r.requestId, 3000);

        // Audited as the person, with the patch and the request id.
        const auto entries = auditStore.list(10);
        QCOMPARE(entries.size(), 2);
        QCOMPARE(entries.first().actorId, qint64(7));
        QCOMPARE(entries.first().actorName, QStringLiteral("alice"));
        QCOMPARE(entries.first().action, QStringLiteral("device.config"));
        QCOMPARE(entries.first().objectId, QStringLiteral("cfg1"));
        QCOMPARE(entries.first().details.value("config").toObject(), (QJsonObject{{"muted", true}}));
        QCOMPARE(entries.first().details.value("request_id").toString(), r.requestId);

        // Nothing changes for an unknown device or an empty patch.
        QCOMPARE(service.change("ghost", volume, alice).outcome, DeviceConfigService::Outcome::UnknownDevice);
        QCOMPARE(service.change("cfg1", DeviceConfig(), alice).outcome,
                 DeviceConfigService::Outcome::InvalidConfig);
        QCOMPARE(auditStore.list(10).size(), 2);
    }

    void onlyThePendingRequestsValidAckCounts()
    {
        // The review forged acks: any well-formed request_id updated the stored config, and the device's
        // own JSON travelled on. Only the pending request's ack, with valid known keys, may count.
        SPK_OPEN_TEST_DB(t, true);
        qint64 owner = 0;
        QCOMPARE(UserStore(*t->db).create("owner", "h", "user", &owner), StoreResult::Ok);
        DeviceStore devices(*t->db);
        QCOMPARE(devices.create("cfg2", "Hall", owner, "s"), StoreResult::Ok);
        auto server = connectedClient(broker_->url(), QStringLiteral("svc-server-2"));
        auto device = connectedClient(broker_->url(), QStringLiteral("cfg2"));
        QVERIFY(server && device);
        QVERIFY(server->publish("device/cfg2/config", {}, 1, true));
        Metrics metrics;
        AuditStore auditStore(*t->db);
        AuditLog audit(auditStore);
        DeviceCommands commands(*server, metrics, 3000);
        DeviceConfigService service(devices, audit, commands);
        commands.start();
        service.trackAcks();
        QSignalSpy applied(&service, &DeviceConfigService::configApplied);
        QList<QJsonObject> relayed; // what other gateways would push to their watchers
        server->subscribe("spk/events/ack", 1, server.get(), [&](const MqttMessage &m) {
            relayed.append(QJsonDocument::fromJson(m.payload).object());
        });
        QTest::qWait(200);

        DeviceConfig volume;
        volume.volume = 40;
        AuditActor alice{7, QStringLiteral("alice"), QStringLiteral("127.0.0.1")};
        const auto r = service.change("cfg2", volume, alice);
        QCOMPARE(r.outcome, DeviceConfigService::Outcome::Sent);
        auto ack = [&](const QByteArray &json) {
            QVERIFY(device->publish("device/cfg2/config/ack", json, 1, false));
        };

        ack(R"({"request_id":"forged-0001","volume":5})"); // not the pending request
        ack(R"({"request_id":")" + r.requestId.toUtf8() +
            R"(","volume":99999999999999999999})");                                 // out of range
        ack(R"({"request_id":")" + r.requestId.toUtf8() + R"(","volume":"loud"})"); // wrong type
        QTest::qWait(500);
        QCOMPARE(applied.size(), 0);
        QVERIFY(devices.find("cfg2")->configPending);
        QVERIFY(!devices.find("cfg2")->applied.volume);
        QVERIFY(metrics.render().contains("spk_mqtt_rejected_total{topic=\"ack\"} 3"));

        // The real ack counts; an unknown key is dropped, not stored, not relayed.
        ack(R"({"request_id":")" + r.requestId.toUtf8() + R"(","volume":40,"junk":{"big":"x"}})");
        QTRY_COMPARE_WITH_TIMEOUT(applied.size(), 1, 3000);
        QVERIFY(!devices.find("cfg2")->configPending);
        QCOMPARE(devices.find("cfg2")->applied.volume, std::optional<int>(40));
        QTRY_VERIFY_WITH_TIMEOUT(!relayed.isEmpty(), 3000);
        for (const QJsonObject &event : relayed)
            QVERIFY2(!QJsonDocument(event).toJson().contains("junk"),
                     QJsonDocument(event).toJson().constData());
    }

    void spokenChangeIsAuditedAsTheSession()
    {
        SPK_OPEN_TEST_DB(t, true);
        qint64 owner = 0;
        QCOMPARE(UserStore(*t->db).create("owner", "h", "user", &owner), StoreResult::Ok);
        DeviceStore devices(*t->db);
        QCOMPARE(devices.create("voice1", "Hall", owner, "s"), StoreResult::Ok);
        auto bridgeMqtt = connectedClient(broker_->url(), QStringLiteral("svc-bridge"));
        QVERIFY(bridgeMqtt);

        // The bridge's wiring: no ack tracking there (the gateway records acks).
        Metrics metrics;
        AuditStore auditStore(*t->db);
        AuditLog audit(auditStore);
        DeviceCommands commands(*bridgeMqtt, metrics, 0);
        DeviceConfigService service(devices, audit, commands);
        DeviceConfigAction action(service);

        QString error;
        QVERIFY(action.execute("voice1", {{"type", "set_volume"}, {"volume", 140}}, &error, 42).isEmpty());
        QVERIFY(auditStore.list(10).isEmpty());
        const QString requestId =
            action.execute("voice1", {{"type", "set_volume"}, {"volume", 40}}, &error, 42);
        QVERIFY2(!requestId.isEmpty(), qPrintable(error));
        QCOMPARE(devices.find("voice1")->desiredConfig, (QJsonObject{{"volume", 40}}));

        const auto entries = auditStore.list(10);
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries.first().actorId, qint64(0));
        QCOMPARE(entries.first().actorName, QStringLiteral("session:42"));
        QCOMPARE(entries.first().source, QStringLiteral("device:voice1"));
        QCOMPARE(entries.first().action, QStringLiteral("device.config"));
        QCOMPARE(entries.first().objectId, QStringLiteral("voice1"));
        QCOMPARE(entries.first().details.value("request_id").toString(), requestId);
    }
};

QTEST_GUILESS_MAIN(TestDeviceConfigService)
#include "tst_device_config_service.moc"
