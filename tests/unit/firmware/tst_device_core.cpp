// DeviceCore lifecycle: options, connect and will, status cadence, bad input, reconnects, components, power.
#include "device_core_harness.h"
#include "firmware/json_doc.h"

#include <QJsonArray>

#include <cjson/cJSON.h>

#include <QtTest>

using namespace spk::fw;
using namespace spk::fw::test;

namespace {

// A stand-in for the coming VoiceSession: owns wake/ack plus a topic of its own.
class RecordingComponent : public DeviceComponent
{
public:
    std::vector<std::string> topicSuffixes() const override { return {"wake/ack", "extra"}; }
    bool onMessage(DeviceContext &device, const std::string &suffix, const cJSON *payload) override
    {
        received.push_back(suffix);
        if (!cJSON_GetObjectItemCaseSensitive(payload, "session_id"))
            return false;
        JsonDoc reply = JsonDoc::makeObject();
        reply.addString("session_id", "s001");
        device.publish("session_end", reply);
        return true;
    }
    void onConnected(DeviceContext &) override { ++connects; }
    void onDisconnected(DeviceContext &) override { ++disconnects; }
    std::vector<std::string> received;
    int connects = 0;
    int disconnects = 0;
};

} // namespace

class TestDeviceCore : public QObject
{
    Q_OBJECT
private slots:
    void rejectsInvalidOptions()
    {
        DeviceOptions options;
        options.deviceId = "bad id/with slash";
        std::string error;
        QVERIFY(!DeviceCore::create(options, &error));
        QVERIFY(error.find("device id") != std::string::npos);
        options.deviceId = kId;
        options.statusIntervalMs = 0;
        QVERIFY(!DeviceCore::create(options, &error));
        options.statusIntervalMs = 1000;
        options.battery = 101;
        QVERIFY(!DeviceCore::create(options, &error));
    }

    void connectSettingsCarryTheWill()
    {
        auto core = makeCore();
        const ConnectSettings s = core->connectSettings();
        QCOMPARE(s.clientId, kId);
        QCOMPARE(s.cleanSession, false);
        QCOMPARE(s.will.topic, topicOf("status"));
        QCOMPARE(json(s.will.payload), QJsonObject({{"online", false}}));
        QVERIFY(s.will.retain);
        QCOMPARE(s.will.qos, 1);
        QVERIFY(s.username.empty()); // no secret: an anonymous development broker
    }

    void connectSettingsLogInWithTheSecret()
    {
        DeviceOptions o;
        o.secret = "s3cret";
        const ConnectSettings s = makeCore(o)->connectSettings();
        QCOMPARE(s.clientId, kId);
        QCOMPARE(s.username, kId); // protocol.md §7: client id = username = device id
        QCOMPARE(s.password, std::string("s3cret"));
    }

    void connectSettingsCarryTheTlsWish()
    {
        QVERIFY(!makeCore()->connectSettings().tls.enabled); // plain MQTT unless asked
        DeviceOptions o;
        o.tls.enabled = true;
        o.tls.caFile = "/etc/spk/ca.crt";
        const ConnectSettings s = makeCore(o)->connectSettings();
        QVERIFY(s.tls.enabled);
        QCOMPARE(s.tls.caFile, std::string("/etc/spk/ca.crt"));
        QVERIFY(s.tls.caPem.empty());
        QVERIFY(s.tls.hasCustomCa());

        DeviceOptions pem;
        pem.tls.enabled = true;
        pem.tls.caPem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        QCOMPARE(makeCore(pem)->connectSettings().tls.caPem, pem.tls.caPem);

        DeviceOptions system; // TLS with the host's own trust store
        system.tls.enabled = true;
        QVERIFY(!makeCore(system)->connectSettings().tls.hasCustomCa());
    }

    void rejectsInconsistentTlsSettings()
    {
        const auto errorFor = [](DeviceOptions o) {
            o.deviceId = kId;
            std::string error;
            return DeviceCore::create(o, &error) ? std::string() : error;
        };
        DeviceOptions both;
        both.tls.enabled = true;
        both.tls.caFile = "/etc/spk/ca.crt";
        both.tls.caPem = "-----BEGIN CERTIFICATE-----\n";
        QVERIFY(errorFor(both).find("not both") != std::string::npos);
        DeviceOptions garbage;
        garbage.tls.enabled = true;
        garbage.tls.caPem = "not a certificate";
        QVERIFY(errorFor(garbage).find("BEGIN CERTIFICATE") != std::string::npos);
        DeviceOptions off; // a CA for a plain link is a mistake in the host's setup
        off.tls.caFile = "/etc/spk/ca.crt";
        QVERIFY(errorFor(off).find("TLS is off") != std::string::npos);
    }

    void connectSubscribesThenPublishesStatus()
    {
        DeviceOptions options;
        options.initialConfig.volume = 70;
        options.battery = 85;
        options.firmwareVersion = "1.2.3";
        auto core = makeCore(options);
        QVERIFY(!core->hasActions());
        core->connected();
        const auto actions = core->takeActions();
        QCOMPARE(actions.size(), size_t(7));
        const std::vector<std::string> expected = {"config",   "reboot",     "upgrade",
                                                   "wake/ack", "transcript", "play"};
        for (size_t i = 0; i < expected.size(); ++i) {
            const auto *sub = std::get_if<Subscribe>(&actions[i]);
            QVERIFY(sub);
            QCOMPARE(sub->filter, topicOf(expected[i].c_str()));
            QCOMPARE(sub->qos, 1);
        }
        const auto *status = std::get_if<Publish>(&actions[6]);
        QVERIFY(status);
        QCOMPARE(status->topic, topicOf("status"));
        QVERIFY(status->retain);
        QCOMPARE(status->qos, 1);
        const QJsonObject o = json(status->payload);
        QCOMPARE(o.value("online").toBool(), true);
        QCOMPARE(o.value("battery").toInt(), 85);
        QCOMPARE(o.value("volume").toInt(), 70);
        QCOMPARE(o.value("temperature").toDouble(), 35.0);
        QCOMPARE(o.value("firmware").toString(), QStringLiteral("1.2.3"));
        QVERIFY(core->isOnline());
        QCOMPARE(core->counters().connects, 1u);
    }

    void statusFollowsTheTickCadence()
    {
        DeviceOptions options;
        options.statusIntervalMs = 30000;
        auto core = makeCore(options);
        core->tick(1000);
        QVERIFY(!core->hasActions()); // offline: no heartbeat
        core->connected();            // status at t=1000
        core->takeActions();
        core->tick(2000);
        core->tick(30999);
        QVERIFY(!core->hasActions());
        core->tick(31000);
        auto beats = publishesTo(core->takeActions(), topicOf("status"));
        QCOMPARE(beats.size(), size_t(1));
        QCOMPARE(beats[0].qos, 0);
        QVERIFY(beats[0].retain);
        core->tick(31001);
        core->tick(500); // the clock never goes back
        QVERIFY(!core->hasActions());
        core->tick(61000);
        QCOMPARE(publishesTo(core->takeActions(), topicOf("status")).size(), size_t(1));
        // A status sent for another reason restarts the interval.
        core->tick(70000);
        core->messageReceived(topicOf("config"), j("{'volume':10,'request_id':'x'}"));
        core->takeActions();
        core->tick(91000);
        QVERIFY(!core->hasActions());
        core->tick(100000);
        QCOMPARE(publishesTo(core->takeActions(), topicOf("status")).size(), size_t(1));
    }

    void garbagePayloadsAreCountedAndIgnored_data()
    {
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<bool>("oversized");
        QTest::newRow("empty") << QByteArray() << false;
        QTest::newRow("text") << QByteArray("volume=80") << false;
        QTest::newRow("truncated") << QByteArray::fromStdString(j("{'volume':80,'request_id':'r")) << false;
        QTest::newRow("array") << QByteArray::fromStdString(j("[{'volume':80,'request_id':'r1'}]")) << false;
        QTest::newRow("number") << QByteArray("42") << false;
        QTest::newRow("string") << QByteArray("\"hello\"") << false;
        QTest::newRow("null") << QByteArray("null") << false;
        QTest::newRow("trailing data")
            << QByteArray::fromStdString(j("{'volume':80,'request_id':'r1'} extra")) << false;
        QTest::newRow("two objects") << QByteArray::fromStdString(j("{'volume':80,'request_id':'r1'}{}"))
                                     << false;
        QTest::newRow("binary") << QByteArray("\x00\xff\xfe{\x01", 5) << false;
        QTest::newRow("deep nesting") << QByteArray(5000, '[') << false;
        QTest::newRow("65537 bytes") << QByteArray(64 * 1024 + 1, ' ') << true;
        QTest::newRow("1 MiB") << QByteArray(1024 * 1024, '{') << true;
    }

    void garbagePayloadsAreCountedAndIgnored()
    {
        QFETCH(QByteArray, payload);
        QFETCH(bool, oversized);
        auto core = onlineCore();
        for (const char *suffix : {"config", "reboot", "upgrade", "wake/ack", "transcript", "play"}) {
            core->messageReceived(topicOf(suffix), payload.toStdString());
            const auto actions = core->takeActions();
            QVERIFY(only<Publish>(actions).empty());
            QVERIFY(only<Reboot>(actions).empty());
            QCOMPARE(only<LogEvent>(actions).size(), size_t(1));
        }
        QCOMPARE(oversized ? core->counters().oversized : core->counters().malformed, 6u);
        QCOMPARE(core->counters().messagesIn, 6u);
        // Still working afterwards.
        core->messageReceived(topicOf("config"), j("{'volume':9,'request_id':'ok'}"));
        QCOMPARE(publishesTo(core->takeActions(), topicOf("config/ack")).size(), size_t(1));
    }

    void payloadOfExactly64KiBIsAccepted()
    {
        auto core = onlineCore();
        std::string payload = "{\"volume\":12,\"request_id\":\"big\",\"pad\":\"";
        const std::string tail = "\"}";
        payload += std::string(DeviceCore::kMaxPayloadBytes - payload.size() - tail.size(), 'p') + tail;
        QCOMPARE(payload.size(), DeviceCore::kMaxPayloadBytes);
        core->messageReceived(topicOf("config"), payload);
        QCOMPARE(publishesTo(core->takeActions(), topicOf("config/ack")).size(), size_t(1));
        QCOMPARE(core->config().volume, 12);
    }

    void foreignTopicsAndOfflineMessagesAreIgnored()
    {
        auto core = makeCore();
        core->messageReceived(topicOf("config"), j("{'volume':80,'request_id':'r1'}"));
        QVERIFY(!core->hasActions());
        QCOMPARE(core->counters().ignoredWhileOffline, 1u);
        core->connected();
        core->takeActions();
        core->messageReceived("device/other-device/config", j("{'volume':80,'request_id':'r1'}"));
        core->messageReceived(topicOf("unknown/topic"), j("{'a':1}"));
        QVERIFY(only<Publish>(core->takeActions()).empty());
        QCOMPARE(core->counters().unhandled, 2u);
        QCOMPARE(core->config().volume, 50);
    }

    void disconnectSchedulesGrowingCappedReconnects()
    {
        DeviceOptions options;
        options.backoff = BackoffPolicy{1000, 30000};
        auto core = onlineCore(options);
        std::vector<uint32_t> delays;
        for (int i = 0; i < 10; ++i) {
            core->disconnected(); // first the lost link, then failed attempts
            const auto scheduled = only<ScheduleReconnect>(core->takeActions());
            QCOMPARE(scheduled.size(), size_t(1));
            delays.push_back(scheduled[0].delayMs);
        }
        QVERIFY(delays[0] >= 500 && delays[0] <= 1000);
        QVERIFY(delays[3] >= 4000 && delays[3] <= 8000);
        for (auto d : delays)
            QVERIFY(d <= 30000);
        QVERIFY(delays[9] >= 15000);
        // Success resets the backoff.
        core->connected();
        core->takeActions();
        core->disconnected();
        QVERIFY(only<ScheduleReconnect>(core->takeActions())[0].delayMs <= 1000);
        QCOMPARE(core->counters().connectionLosses, 11u);
    }

    void componentsGetTheirTopicsAndLifecycle()
    {
        auto core = makeCore();
        RecordingComponent voice;
        core->addComponent(voice);
        core->connected();
        const auto subs = only<Subscribe>(core->takeActions());
        QCOMPARE(subs.size(), size_t(7)); // wake/ack is not subscribed twice; "extra" is added
        QCOMPARE(subs.back().filter, topicOf("extra"));
        QCOMPARE(voice.connects, 1);

        core->messageReceived(topicOf("wake/ack"), j("{'session_id':'s001'}"));
        const auto pubs = only<Publish>(core->takeActions());
        QCOMPARE(pubs.size(), size_t(1));
        QCOMPARE(pubs[0].topic, topicOf("session_end"));
        core->messageReceived(topicOf("extra"), j("{'no':'session'}"));
        QCOMPARE(core->counters().rejected, 1u);
        core->messageReceived(topicOf("wake/ack"), "garbage");
        QCOMPARE(voice.received.size(), size_t(2)); // garbage never reaches the component
        core->messageReceived(topicOf("transcript"), j("{'session_id':'s001','text':'hi'}"));
        QCOMPARE(core->counters().unhandled, 1u); // nobody owns transcript here

        core->disconnected();
        QCOMPARE(voice.disconnects, 1);
    }

    void powerOffSaysGoodbyeAndStaysOff()
    {
        auto core = onlineCore();
        core->powerOff();
        const auto actions = core->takeActions();
        QCOMPARE(actions.size(), size_t(2));
        const auto *bye = std::get_if<Publish>(&actions[0]);
        QVERIFY(bye);
        QCOMPARE(json(bye->payload), QJsonObject({{"online", false}}));
        QVERIFY(bye->retain);
        QVERIFY(std::holds_alternative<Disconnect>(actions[1]));
        QCOMPARE(core->state(), DeviceCore::State::PoweredOff);

        core->disconnected();
        core->tick(100000);
        core->messageReceived(topicOf("config"), j("{'volume':80,'request_id':'r1'}"));
        QVERIFY(!core->hasActions());
        core->connected(); // a connect that was in flight: hang up again
        const auto late = core->takeActions();
        QCOMPARE(late.size(), size_t(1));
        QVERIFY(std::holds_alternative<Disconnect>(late[0]));
    }

    void sensorsAreClampedAndReported()
    {
        auto core = onlineCore();
        core->setBattery(150);
        core->setTemperature(36.66);
        QVERIFY(!core->hasActions()); // battery goes out with the next status
        core->publishStatusNow();
        const auto status = publishesTo(core->takeActions(), topicOf("status"));
        QCOMPARE(status.size(), size_t(1));
        const QJsonObject o = json(status[0].payload);
        QCOMPARE(o.value("battery").toInt(), 100);
        QCOMPARE(o.value("temperature").toDouble(), 36.7);
        core->setBattery(-5);
        QCOMPARE(core->battery(), 0);
    }
};

QTEST_APPLESS_MAIN(TestDeviceCore)
#include "tst_device_core.moc"
