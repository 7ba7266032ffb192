// The Qt-free wire vocabulary: the identifier rule and the topic table, checked at compile time where
// they are constexpr, and against the Qt wrappers of shared/protocol and the firmware core's view.
#include "firmware/identifiers.h"
#include "shared/protocol/ids.h"
#include "shared/protocol/topics.h"
#include "shared/wire/identifiers.h"
#include "shared/wire/topics.h"

#include <QtTest>

using namespace spk;

static_assert(wire::isValidIdentifier("sim-0001"));
static_assert(!wire::isValidIdentifier(""));
static_assert(!wire::isValidIdentifier("a/b"));
static_assert(wire::topicKindOf("config/ack") == wire::DeviceTopic::ConfigAck);
static_assert(wire::splitDeviceTopic("device/d-1/wake/ack").kind == wire::DeviceTopic::WakeAck);
static_assert(wire::splitDeviceTopic("device/d-1/wake/ack").deviceId == "d-1");

class TestWire : public QObject
{
    Q_OBJECT
private slots:
    void identifierRule_data()
    {
        QTest::addColumn<QByteArray>("id");
        QTest::addColumn<bool>("valid");
        QTest::newRow("plain") << QByteArray("speaker_01-A") << true;
        QTest::newRow("64 chars") << QByteArray(64, 'x') << true;
        QTest::newRow("65 chars") << QByteArray(65, 'x') << false;
        QTest::newRow("empty") << QByteArray() << false;
        QTest::newRow("space") << QByteArray("a b") << false;
        QTest::newRow("plus") << QByteArray("+") << false;
        QTest::newRow("hash") << QByteArray("#") << false;
        QTest::newRow("slash") << QByteArray("a/b") << false;
        QTest::newRow("utf-8") << QByteArray("caf\xc3\xa9") << false;
    }
    void identifierRule()
    {
        QFETCH(QByteArray, id);
        QFETCH(bool, valid);
        QCOMPARE(wire::isValidIdentifier(id.toStdString()), valid);
        QCOMPARE(proto::isValidDeviceId(QString::fromUtf8(id)), valid);
        QCOMPARE(fw::isValidIdentifier(id.toStdString()), valid);
    }

    void everyTopicRoundTrips()
    {
        for (const auto &t : wire::kDeviceTopics) {
            const std::string topic = wire::topicFor("dev-7", t.kind);
            const auto parts = wire::splitDeviceTopic(topic);
            QCOMPARE(int(parts.kind), int(t.kind));
            QCOMPARE(QByteArray(parts.deviceId.data(), int(parts.deviceId.size())), QByteArray("dev-7"));
            QCOMPARE(proto::deviceTopic(QStringLiteral("dev-7"), t.kind), QString::fromStdString(topic));
            QCOMPARE(fw::deviceTopic("dev-7", t.suffix), topic);
            QCOMPARE(fw::topicSuffixFor("dev-7", topic), std::string(t.suffix));
        }
    }

    void foreignTopicsAreUnknown_data()
    {
        QTest::addColumn<QString>("topic");
        QTest::newRow("other root") << QStringLiteral("devices/a/status");
        QTest::newRow("no suffix") << QStringLiteral("device/a");
        QTest::newRow("empty id") << QStringLiteral("device//status");
        QTest::newRow("wildcard id") << QStringLiteral("device/+/status");
        QTest::newRow("unknown suffix") << QStringLiteral("device/a/statuses");
        QTest::newRow("extra level") << QStringLiteral("device/a/status/x");
        QTest::newRow("non-ascii id") << QStringLiteral("device/caf\u00e9/status");
        QTest::newRow("internal") << QString::fromLatin1(wire::kSessionProgressTopic);
    }
    void foreignTopicsAreUnknown()
    {
        QFETCH(QString, topic);
        QCOMPARE(int(proto::parseDeviceTopic(topic).kind), int(wire::DeviceTopic::Unknown));
        QVERIFY(proto::parseDeviceTopic(topic).deviceId.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestWire)
#include "tst_wire.moc"
