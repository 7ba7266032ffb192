// The broker ACL rule of protocol.md §7, as both the Mosquitto plugin and the EMQX hooks apply it.
#include "shared/wire/device_acl.h"

#include <QtTest>

using spk::wire::deviceMay;
using spk::wire::MqttAccess;

Q_DECLARE_METATYPE(MqttAccess)

class TestDeviceAcl : public QObject
{
    Q_OBJECT
private slots:
    void rule_data()
    {
        QTest::addColumn<MqttAccess>("access");
        QTest::addColumn<QString>("topic");
        QTest::addColumn<bool>("allowed");
        const auto pub = MqttAccess::Publish, sub = MqttAccess::Subscribe, recv = MqttAccess::Receive;
        // Everything §7 lists for the device "d1".
        for (const char *t :
             {"status", "config/ack", "reboot/ack", "wake", "session_end", "upgrade/progress"}) {
            QTest::addRow("publish own %s", t) << pub << QStringLiteral("device/d1/%1").arg(t) << true;
            QTest::addRow("not subscribe own %s", t) << sub << QStringLiteral("device/d1/%1").arg(t) << false;
            QTest::addRow("not receive own %s", t) << recv << QStringLiteral("device/d1/%1").arg(t) << false;
            QTest::addRow("not publish other's %s", t)
                << pub << QStringLiteral("device/d2/%1").arg(t) << false;
        }
        for (const char *t : {"config", "reboot", "upgrade", "wake/ack", "transcript", "play"}) {
            QTest::addRow("subscribe own %s", t) << sub << QStringLiteral("device/d1/%1").arg(t) << true;
            QTest::addRow("receive own %s", t) << recv << QStringLiteral("device/d1/%1").arg(t) << true;
            QTest::addRow("not publish own %s", t) << pub << QStringLiteral("device/d1/%1").arg(t) << false;
            QTest::addRow("not subscribe other's %s", t)
                << sub << QStringLiteral("device/d2/%1").arg(t) << false;
            QTest::addRow("not receive other's %s", t)
                << recv << QStringLiteral("device/d2/%1").arg(t) << false;
        }
        QTest::newRow("own subtree") << sub << QStringLiteral("device/d1/#") << true;
        QTest::newRow("own subtree is no topic") << pub << QStringLiteral("device/d1/#") << false;
        QTest::newRow("other subtree") << sub << QStringLiteral("device/d2/#") << false;
        QTest::newRow("id prefix") << sub << QStringLiteral("device/d10/#") << false;
        QTest::newRow("every device") << sub << QStringLiteral("device/+/config") << false;
        QTest::newRow("all") << sub << QStringLiteral("#") << false;
        QTest::newRow("own plus") << sub << QStringLiteral("device/d1/+") << false;
        QTest::newRow("own config subtree") << sub << QStringLiteral("device/d1/config/#") << false;
        QTest::newRow("internal events") << sub << QStringLiteral("spk/events/#") << false;
        QTest::newRow("internal progress") << pub << QStringLiteral("spk/events/session_progress") << false;
        QTest::newRow("unknown suffix") << pub << QStringLiteral("device/d1/statuses") << false;
        QTest::newRow("extra level") << pub << QStringLiteral("device/d1/status/x") << false;
        QTest::newRow("no suffix") << pub << QStringLiteral("device/d1") << false;
        QTest::newRow("sys") << sub << QStringLiteral("$SYS/#") << false;
    }
    void rule()
    {
        QFETCH(MqttAccess, access);
        QFETCH(QString, topic);
        QFETCH(bool, allowed);
        QCOMPARE(deviceMay(access, "d1", topic.toStdString()), allowed);
    }

    void identityMustBeAValidId()
    {
        QVERIFY(!deviceMay(MqttAccess::Subscribe, "+", "device/+/#"));
        QVERIFY(!deviceMay(MqttAccess::Subscribe, "#", "device/#/#"));
        QVERIFY(!deviceMay(MqttAccess::Publish, "", "device//status"));
        QVERIFY(!deviceMay(MqttAccess::Publish, "a/b", "device/a/b/status"));
    }
};

QTEST_APPLESS_MAIN(TestDeviceAcl)
#include "tst_device_acl.moc"
