// DeviceCore commands from spkd: config (apply, ack, report), reboot and upgrade.
#include "device_core_harness.h"

#include <QJsonArray>

#include <QtTest>

using namespace spk::fw;
using namespace spk::fw::test;

class TestDeviceCoreCommands : public QObject
{
    Q_OBJECT
private slots:
    void configIsAppliedAckedAndReported()
    {
        auto core = onlineCore();
        core->messageReceived(topicOf("config"), j("{'volume':80,'request_id':'r1'}"));
        const auto actions = core->takeActions();
        const auto pubs = only<Publish>(actions);
        QCOMPARE(pubs.size(), size_t(2));
        QCOMPARE(pubs[0].topic, topicOf("config/ack"));
        QCOMPARE(pubs[0].qos, 1);
        QCOMPARE(pubs[0].retain, false);
        QCOMPARE(json(pubs[0].payload), ackPayload("r1", 80, false));
        QCOMPARE(pubs[1].topic, topicOf("status"));
        QCOMPARE(json(pubs[1].payload).value("volume").toInt(), 80);
        QCOMPARE(core->config().volume, 80);
        QCOMPARE(core->counters().configsApplied, 1u);
        QCOMPARE(core->counters().acksSent, 1u);
    }

    void configPatchKeepsOtherFieldsAndIgnoresUnknownKeys()
    {
        auto core = onlineCore();
        core->messageReceived(topicOf("config"), j("{'muted':true,'equalizer':'bass','request_id':'r2'}"));
        const auto acks = publishesTo(core->takeActions(), topicOf("config/ack"));
        QCOMPARE(acks.size(), size_t(1));
        QCOMPARE(json(acks[0].payload), ackPayload("r2", 50, true));
        QCOMPARE(core->config().muted, true);
    }

    void invalidConfigIsNotAcked_data()
    {
        QTest::addColumn<QByteArray>("payload");
        QTest::newRow("volume too high") << QByteArray::fromStdString(j("{'volume':101,'request_id':'r1'}"));
        QTest::newRow("volume negative") << QByteArray::fromStdString(j("{'volume':-1,'request_id':'r1'}"));
        QTest::newRow("volume string") << QByteArray::fromStdString(j("{'volume':'80','request_id':'r1'}"));
        QTest::newRow("volume fraction") << QByteArray::fromStdString(j("{'volume':80.5,'request_id':'r1'}"));
        QTest::newRow("volume bool") << QByteArray::fromStdString(j("{'volume':true,'request_id':'r1'}"));
        QTest::newRow("volume null") << QByteArray::fromStdString(j("{'volume':null,'request_id':'r1'}"));
        QTest::newRow("volume huge") << QByteArray::fromStdString(j("{'volume':1e300,'request_id':'r1'}"));
        QTest::newRow("volume array") << QByteArray::fromStdString(j("{'volume':[80],'request_id':'r1'}"));
        QTest::newRow("muted string") << QByteArray::fromStdString(j("{'muted':'yes','request_id':'r1'}"));
        QTest::newRow("no request_id") << QByteArray::fromStdString(j("{'volume':80}"));
        QTest::newRow("request_id number") << QByteArray::fromStdString(j("{'volume':80,'request_id':7}"));
        QTest::newRow("request_id empty") << QByteArray::fromStdString(j("{'volume':80,'request_id':''}"));
        QTest::newRow("request_id space") << QByteArray::fromStdString(j("{'volume':80,'request_id':'a b'}"));
        QTest::newRow("request_id too long")
            << (QByteArray("{\"volume\":80,\"request_id\":\"") + QByteArray(65, 'x') + QByteArray("\"}"));
    }

    void invalidConfigIsNotAcked()
    {
        QFETCH(QByteArray, payload);
        auto core = onlineCore();
        core->messageReceived(topicOf("config"), payload.toStdString());
        const auto actions = core->takeActions();
        QVERIFY(only<Publish>(actions).empty());
        QCOMPARE(only<LogEvent>(actions).size(), size_t(1));
        QCOMPARE(core->counters().rejected, 1u);
        QCOMPARE(core->config().volume, 50);
        QCOMPARE(core->config().muted, false);
    }

    void duplicateRequestIdIsAckedButNotReapplied()
    {
        auto core = onlineCore();
        core->messageReceived(topicOf("config"), j("{'volume':80,'request_id':'r1'}"));
        core->takeActions();
        core->setLocalVolume(30); // someone turned the knob since
        core->takeActions();
        core->messageReceived(topicOf("config"), j("{'volume':80,'request_id':'r1'}"));
        const auto actions = core->takeActions();
        const auto pubs = only<Publish>(actions);
        QCOMPARE(pubs.size(), size_t(1)); // the ack only, no status: nothing changed
        QCOMPARE(pubs[0].topic, topicOf("config/ack"));
        QCOMPARE(json(pubs[0].payload), ackPayload("r1", 30, false));
        QCOMPARE(core->config().volume, 30);
        QCOMPARE(core->counters().configsApplied, 1u);
        QCOMPARE(core->counters().duplicateRequests, 1u);
        QCOMPARE(core->counters().acksSent, 2u);
    }

    void retainedConfigAfterReconnectIsOnlyAcked()
    {
        auto core = onlineCore();
        core->messageReceived(topicOf("config"), j("{'volume':80,'request_id':'r1'}"));
        core->disconnected();
        core->connected();
        core->takeActions();
        core->messageReceived(topicOf("config"), j("{'volume':80,'request_id':'r1'}"));
        QCOMPARE(publishesTo(core->takeActions(), topicOf("config/ack")).size(), size_t(1));
        QCOMPARE(core->counters().configsApplied, 1u);
        // A new request id is applied again.
        core->messageReceived(topicOf("config"), j("{'volume':81,'request_id':'r2'}"));
        QCOMPARE(core->config().volume, 81);
        QCOMPARE(core->counters().configsApplied, 2u);
    }

    void rebootAcksThenRestarts()
    {
        DeviceOptions options;
        options.rebootDowntimeMs = 1500;
        auto core = onlineCore(options);
        core->messageReceived(topicOf("reboot"), j("{'request_id':'rb1'}"));
        const auto actions = core->takeActions();
        QCOMPARE(actions.size(), size_t(5)); // ack, offline status, log, Reboot, ScheduleReconnect
        const auto *ack = std::get_if<Publish>(&actions[0]);
        QVERIFY(ack);
        QCOMPARE(ack->topic, topicOf("reboot/ack"));
        QCOMPARE(json(ack->payload), QJsonObject({{"request_id", "rb1"}}));
        const auto offline = publishesTo(actions, topicOf("status"));
        QCOMPARE(offline.size(), size_t(1));
        QCOMPARE(json(offline[0].payload), QJsonObject({{"online", false}}));
        QVERIFY(offline[0].retain);
        QVERIFY(std::holds_alternative<Reboot>(actions[3]));
        const auto *again = std::get_if<ScheduleReconnect>(&actions[4]);
        QVERIFY(again);
        QCOMPARE(again->delayMs, 1500u);
        QVERIFY(!core->isOnline());
        QCOMPARE(core->counters().reboots, 1u);

        core->connected();
        const auto status = publishesTo(core->takeActions(), topicOf("status"));
        QCOMPARE(status.size(), size_t(1));
        QCOMPARE(json(status[0].payload).value("online").toBool(), true);

        // The same reboot redelivered (QoS 1 duplicate): acked, no second restart.
        core->messageReceived(topicOf("reboot"), j("{'request_id':'rb1'}"));
        const auto dup = core->takeActions();
        QCOMPARE(publishesTo(dup, topicOf("reboot/ack")).size(), size_t(1));
        QVERIFY(only<Reboot>(dup).empty());
        QCOMPARE(core->counters().reboots, 1u);
    }

    void rebootWithoutRequestIdIsRejected()
    {
        auto core = onlineCore();
        core->messageReceived(topicOf("reboot"), j("{}"));
        const auto actions = core->takeActions();
        QVERIFY(only<Publish>(actions).empty());
        QVERIFY(only<Reboot>(actions).empty());
        QVERIFY(core->isOnline());
    }

    void upgradeIsValidatedAndHandedToTheHost()
    {
        auto core = onlineCore();
        const std::string sha(64, 'a');
        core->messageReceived(topicOf("upgrade"), "{\"request_id\":\"u1\",\"version\":\"1.1.0\",\"url\":"
                                                  "\"https://fw.example/1.1.0.bin\",\"sha256\":\"" +
                                                      sha + "\"}");
        const auto upgrades = only<StartUpgrade>(core->takeActions());
        QCOMPARE(upgrades.size(), size_t(1));
        QCOMPARE(upgrades[0].version, std::string("1.1.0"));
        QCOMPARE(upgrades[0].sha256, sha);
        core->messageReceived(
            topicOf("upgrade"),
            "{\"request_id\":\"u2\",\"version\":\"1.1.0\",\"url\":\"ftp://x\",\"sha256\":\"" + sha + "\"}");
        core->messageReceived(topicOf("upgrade"),
                              j("{'request_id':'u3','version':'1.1.0','url':'https://x','sha256':'abc'}"));
        QVERIFY(only<StartUpgrade>(core->takeActions()).empty());
        QCOMPARE(core->counters().rejected, 2u);
        QCOMPARE(core->counters().upgradesRequested, 1u);
    }
};

QTEST_APPLESS_MAIN(TestDeviceCoreCommands)
#include "tst_device_core_commands.moc"
