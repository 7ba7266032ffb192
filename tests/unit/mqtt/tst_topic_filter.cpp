// MQTT topic filter matching (MqttClient routes each message to the subscriptions whose filter matches).
#include "server/mqtt/topic_filter.h"

#include <QTest>

using spk::server::matchingFilter;
using spk::server::topicMatchesFilter;

class TestTopicFilter : public QObject
{
    Q_OBJECT
private slots:
    void matches_data()
    {
        QTest::addColumn<QString>("filter");
        QTest::addColumn<QString>("topic");
        QTest::addColumn<bool>("match");
        QTest::newRow("exact") << "device/a/status"
                               << "device/a/status" << true;
        QTest::newRow("exact, other") << "device/a/status"
                                      << "device/b/status" << false;
        QTest::newRow("plus") << "device/+/status"
                              << "device/a/status" << true;
        QTest::newRow("plus, one level only") << "device/+/status"
                                              << "device/a/b/status" << false;
        QTest::newRow("plus, not the suffix") << "device/+/config"
                                              << "device/a/config/ack" << false;
        QTest::newRow("plus, two levels") << "device/+/config/ack"
                                          << "device/a/config/ack" << true;
        QTest::newRow("plus, empty level") << "device/+/status"
                                           << "device//status" << true;
        QTest::newRow("plus at the end") << "device/a/+"
                                         << "device/a/wake" << true;
        QTest::newRow("plus at the end, deeper") << "device/a/+"
                                                 << "device/a/wake/ack" << false;
        QTest::newRow("hash") << "device/a/#"
                              << "device/a/wake/ack" << true;
        QTest::newRow("hash, parent level") << "device/a/#"
                                            << "device/a" << true;
        QTest::newRow("hash, other device") << "device/a/#"
                                            << "device/b/wake" << false;
        QTest::newRow("hash alone") << "#"
                                    << "spk/events/session_progress" << true;
        QTest::newRow("hash not last") << "device/#/status"
                                       << "device/a/status" << false;
        QTest::newRow("plus and hash") << "+/+/#"
                                       << "device/a/config/ack" << true;
        QTest::newRow("longer filter") << "device/a/status/x"
                                       << "device/a/status" << false;
        QTest::newRow("dollar topic, wildcard") << "#"
                                                << "$SYS/broker/uptime" << false;
        QTest::newRow("dollar topic, plus") << "+/broker/uptime"
                                            << "$SYS/broker/uptime" << false;
        QTest::newRow("dollar topic, literal") << "$SYS/#"
                                               << "$SYS/broker/uptime" << true;
        QTest::newRow("share") << "$share/spkd/device/+/status"
                               << "device/a/status" << true;
        QTest::newRow("share, no match") << "$share/spkd/device/+/status"
                                         << "device/a/wake" << false;
        QTest::newRow("share, hash") << "$share/g/#"
                                     << "device/a/wake" << true;
        QTest::newRow("share without filter") << "$share/spkd"
                                              << "spkd" << false;
        QTest::newRow("share without group") << "$share//device/+/status"
                                             << "device/a/status" << false;
        QTest::newRow("empty filter") << ""
                                      << "device/a/status" << false;
        QTest::newRow("empty topic") << "#"
                                     << "" << false;
        QTest::newRow("case sensitive") << "device/A/status"
                                        << "device/a/status" << false;
    }
    void matches()
    {
        QFETCH(QString, filter);
        QFETCH(QString, topic);
        QFETCH(bool, match);
        QCOMPARE(topicMatchesFilter(filter, topic), match);
    }
    void sharedFilterPart()
    {
        QCOMPARE(matchingFilter(u"$share/group/device/+/wake").toString(), QStringLiteral("device/+/wake"));
        QCOMPARE(matchingFilter(u"device/+/wake").toString(), QStringLiteral("device/+/wake"));
        QVERIFY(matchingFilter(u"$share/group").isEmpty());
    }
};

QTEST_APPLESS_MAIN(TestTopicFilter)
#include "tst_topic_filter.moc"
