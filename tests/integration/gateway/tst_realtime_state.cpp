// The realtime device state (seed scene 4: "update the realtime state in Redis"): a status is visible in
// GET /api/devices/{id} the moment the gateway consumed it, before the batched database write
// (devices.status_flush_ms, here a minute), and a deleted device's state does not follow a new device
// registered under the same id.
#include "tests/support/broker_client.h"
#include "tests/support/spkd_process.h"

#include <QJsonDocument>
#include <QtTest>

using namespace spk::test;

namespace {
QByteArray json(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}
} // namespace

class TestRealtimeState : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<SpkdProcess> spkd_;
    QString admin_;

    QString addDevice(const QString &id)
    {
        return spkd_->api("POST", "/api/devices", admin_, json({{"id", id}, {"name", id}, {"owner_id", 1}}))
            .json.value("secret")
            .toString();
    }
    std::unique_ptr<BrokerClient> deviceClient(const QString &id, const QString &secret)
    {
        for (int attempt = 0; attempt < 20; ++attempt) { // the broker's credentials follow within ~100 ms
            auto c = std::make_unique<BrokerClient>(spkd_->mqttUrl(), id);
            if (c->connect(id, secret) == 0)
                return c;
            QTest::qWait(100);
        }
        return nullptr;
    }
    QJsonObject device(const QString &id) { return spkd_->api("GET", "/api/devices/" + id, admin_).json; }

private slots:
    void initTestCase()
    {
        spkd_ = std::make_unique<SpkdProcess>();
        SpkdProcess::Options o;
        o.env << QStringLiteral("SPK_DEVICES_STATUS_FLUSH_MS=60000");
        QString error;
        QVERIFY2(spkd_->start(o, &error), qPrintable(error));
        admin_ = spkd_->adminToken();
    }
    void cleanupTestCase() { spkd_.reset(); }

    void aStatusIsVisibleBeforeTheDatabaseWrite()
    {
        auto d = deviceClient("rt-1", addDevice("rt-1"));
        QVERIFY(d);
        d->publish("device/rt-1/status", json({{"online", true}, {"battery", 80}, {"temperature", 30.5}}));
        // Going online is written at once (the list cache depends on it).
        QTRY_COMPARE_WITH_TIMEOUT(device("rt-1").value("battery").toInt(), 80, 3000);
        // The next reports wait for the minute-long flush: only the realtime state has them.
        d->publish("device/rt-1/status", json({{"online", true}, {"battery", 79}, {"volume", 35}}));
        QTRY_COMPARE_WITH_TIMEOUT(device("rt-1").value("battery").toInt(), 79, 3000);
        const QJsonObject now = device("rt-1");
        QCOMPARE(now.value("volume").toInt(), 35);
        QCOMPARE(now.value("temperature").toDouble(), 30.5); // not in the last report: the row's value
        QVERIFY(!now.value("last_seen").toString().isEmpty());
    }

    void aDeletedDevicesStateDoesNotOutliveIt()
    {
        auto d = deviceClient("rt-2", addDevice("rt-2"));
        QVERIFY(d);
        d->publish("device/rt-2/status", json({{"online", true}, {"battery", 55}}));
        QTRY_COMPARE_WITH_TIMEOUT(device("rt-2").value("battery").toInt(), 55, 3000);
        d.reset();
        QCOMPARE(spkd_->api("DELETE", "/api/devices/rt-2", admin_).status, 204);
        addDevice("rt-2");
        const QJsonObject fresh = device("rt-2");
        QCOMPARE(fresh.value("id").toString(), QStringLiteral("rt-2"));
        QVERIFY(fresh.value("battery").isNull());
        QVERIFY(fresh.value("last_seen").isNull());
        QCOMPARE(fresh.value("online").toBool(), false);
    }
};

QTEST_GUILESS_MAIN(TestRealtimeState)
#include "tst_realtime_state.moc"
