// spksim against a real, private Mosquitto, observed by an independent MQTT client (no spkd involved).
#include "mqtt_probe.h"
#include "private_mosquitto.h"

#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryFile>
#include <QtTest>

namespace {

const int kWaitMs = 10000;

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QString topic(const QString &id, const char *suffix)
{
    return QStringLiteral("device/%1/%2").arg(id, QLatin1String(suffix));
}

auto statusOf(const QString &id, bool online)
{
    return [t = topic(id, "status"), online](const ProbeMessage &m) {
        return m.topic == t && m.json().value(QStringLiteral("online")).toBool(!online) == online;
    };
}

auto ackOf(const QString &id, const char *suffix, const QString &requestId)
{
    return [t = topic(id, suffix), requestId](const ProbeMessage &m) {
        return m.topic == t && m.json().value(QStringLiteral("request_id")).toString() == requestId;
    };
}

} // namespace

class TestSpksimBroker : public QObject
{
    Q_OBJECT

    PrivateMosquitto broker_;
    MqttProbe probe_;
    QProcess sim_;
    const QStringList ids_ = {QStringLiteral("it-0001"), QStringLiteral("it-0002"), QStringLiteral("it-0003"),
                              QStringLiteral("it-0004"), QStringLiteral("it-0005")};

    void startSim(QProcess &p, const QStringList &args)
    {
        p.start(QStringLiteral(SPKSIM_PATH),
                QStringList{QStringLiteral("--broker"), broker_.uri(), QStringLiteral("--no-progress")} +
                    args);
        QVERIFY2(p.waitForStarted(5000), qPrintable(p.errorString()));
    }

    static int runSim(const QStringList &args, QByteArray *stderrText)
    {
        QProcess p;
        p.start(QStringLiteral(SPKSIM_PATH), args);
        if (!p.waitForFinished(10000))
            return -1;
        *stderrText = p.readAllStandardError();
        return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    }

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(broker_.start(&error), qPrintable(error));
        QVERIFY2(probe_.connect(broker_.uri(), QStringLiteral("itest-probe"), &error), qPrintable(error));
    }

    void badUsageExitsWithStatus2()
    {
        QByteArray err;
        QCOMPARE(runSim({QStringLiteral("--devices"), QStringLiteral("0")}, &err), 2);
        QVERIFY2(err.contains("--devices"), err.constData());
        QCOMPARE(runSim({QStringLiteral("--broker"), QStringLiteral("localhost")}, &err), 2);
        QVERIFY2(err.contains("--broker"), err.constData());
        QCOMPARE(runSim({QStringLiteral("--ids-from"), QStringLiteral("/nonexistent/ids.txt")}, &err), 2);
        QVERIFY2(err.contains("ids.txt"), err.constData());
        QCOMPARE(runSim({QStringLiteral("--status-interval"), QStringLiteral("soon")}, &err), 2);
        QCOMPARE(runSim({QStringLiteral("--no-such-option")}, &err), 2);
    }

    void everyDeviceReportsStatus()
    {
        startSim(sim_, {QStringLiteral("--devices"), QString::number(ids_.size()), QStringLiteral("--prefix"),
                        QStringLiteral("it-"), QStringLiteral("--status-interval"), QStringLiteral("1s")});
        for (const QString &id : ids_) {
            const auto status = probe_.waitFor(statusOf(id, true), kWaitMs);
            QVERIFY2(status, qPrintable(id + QStringLiteral(": no online status")));
            const QJsonObject o = status->json();
            QCOMPARE(o.value(QStringLiteral("volume")).toInt(-1), 50);
            QVERIFY(o.value(QStringLiteral("battery")).isDouble());
            QVERIFY(o.value(QStringLiteral("temperature")).isDouble());
            QCOMPARE(o.value(QStringLiteral("firmware")).toString(), QStringLiteral("1.0.0"));
            QVERIFY(status->retained == false); // live delivery to a current subscriber
        }
        // Heartbeats keep coming (interval 1 s).
        const size_t mark = probe_.mark();
        QVERIFY(probe_.waitFor(statusOf(ids_.first(), true), 5000, mark));
    }

    void configIsAckedWithItsRequestId()
    {
        const QString id = ids_[1];
        const size_t mark = probe_.mark();
        probe_.publish(topic(id, "config"), compact({{"volume", 42}, {"request_id", "itest-cfg-1"}}), true);
        const auto ack =
            probe_.waitFor(ackOf(id, "config/ack", QStringLiteral("itest-cfg-1")), kWaitMs, mark);
        QVERIFY2(ack, "no config/ack");
        QCOMPARE(ack->json().value(QStringLiteral("volume")).toInt(), 42);
        const auto status = probe_.waitFor(
            [&](const ProbeMessage &m) {
                return m.topic == topic(id, "status") &&
                       m.json().value(QStringLiteral("volume")).toInt() == 42;
            },
            kWaitMs, mark);
        QVERIFY2(status, "no status with the new volume");
    }

    void invalidConfigIsNotAcked()
    {
        const QString id = ids_[2];
        const size_t mark = probe_.mark();
        probe_.publish(topic(id, "config"), compact({{"volume", 300}, {"request_id", "itest-bad-1"}}));
        probe_.publish(topic(id, "config"), QByteArray("{not json"));
        probe_.publish(topic(id, "config"), compact({{"volume", 7}, {"request_id", "itest-good-1"}}));
        // The device handles its messages in order: once the valid one is acked, the others were dropped.
        QVERIFY(probe_.waitFor(ackOf(id, "config/ack", QStringLiteral("itest-good-1")), kWaitMs, mark));
        QVERIFY(!probe_.waitFor(ackOf(id, "config/ack", QStringLiteral("itest-bad-1")), 0, mark));
    }

    void rebootAcksAndComesBackWithItsConfig()
    {
        const QString id = ids_[1]; // holds the retained config from configIsAckedWithItsRequestId
        const size_t mark = probe_.mark();
        probe_.publish(topic(id, "reboot"), compact({{"request_id", "itest-rb-1"}}));
        QVERIFY2(probe_.waitFor(ackOf(id, "reboot/ack", QStringLiteral("itest-rb-1")), kWaitMs, mark),
                 "no reboot/ack");
        QVERIFY2(probe_.waitFor(statusOf(id, false), kWaitMs, mark), "no offline status while rebooting");
        const auto back = probe_.waitFor(statusOf(id, true), kWaitMs, mark);
        QVERIFY2(back, "did not come back online");
        // On resubscribe the broker redelivers the retained config: acked again, volume unchanged.
        QVERIFY2(probe_.waitFor(ackOf(id, "config/ack", QStringLiteral("itest-cfg-1")), kWaitMs, mark),
                 "retained config not re-acked after reboot");
        QCOMPARE(back->json().value(QStringLiteral("volume")).toInt(), 42);
    }

    void sigkillMakesTheBrokerPublishTheWill()
    {
        const size_t mark = probe_.mark();
        sim_.kill(); // SIGKILL: no goodbye, the sockets just close
        QVERIFY(sim_.waitForFinished(5000));
        for (const QString &id : ids_)
            QVERIFY2(probe_.waitFor(statusOf(id, false), kWaitMs, mark),
                     qPrintable(id + QStringLiteral(": no will")));
        const auto will = probe_.waitFor(statusOf(ids_.first(), false), 0, mark);
        QCOMPARE(will->json(), QJsonObject({{"online", false}}));
    }

    void sigtermSaysGoodbyeAndSummarizes()
    {
        QTemporaryFile ids;
        QVERIFY(ids.open());
        ids.write("# ids for this run\nterm-a\n\nterm-b\nterm-c\n");
        ids.close();
        QProcess sim;
        startSim(sim, {QStringLiteral("--ids-from"), ids.fileName(), QStringLiteral("--json"),
                       QStringLiteral("--fail-acks")});
        for (const char *id : {"term-a", "term-b", "term-c"})
            QVERIFY2(probe_.waitFor(statusOf(QLatin1String(id), true), kWaitMs), id);

        // --fail-acks: the config is applied (status shows it) but never acknowledged.
        size_t mark = probe_.mark();
        probe_.publish(topic(QStringLiteral("term-a"), "config"),
                       compact({{"volume", 11}, {"request_id", "itest-noack"}}));
        QVERIFY(probe_.waitFor(
            [](const ProbeMessage &m) {
                return m.topic == QLatin1String("device/term-a/status") &&
                       m.json().value(QStringLiteral("volume")).toInt() == 11;
            },
            kWaitMs, mark));
        probe_.drainFor(500);
        QVERIFY(!probe_.waitFor(ackOf(QStringLiteral("term-a"), "config/ack", QStringLiteral("itest-noack")),
                                0, mark));

        mark = probe_.mark();
        sim.terminate(); // SIGTERM
        QVERIFY(sim.waitForFinished(15000));
        QCOMPARE(sim.exitStatus(), QProcess::NormalExit);
        QCOMPARE(sim.exitCode(), 0);
        for (const char *id : {"term-a", "term-b", "term-c"})
            QVERIFY2(probe_.waitFor(statusOf(QLatin1String(id), false), kWaitMs, mark), id);

        const QJsonObject summary = QJsonDocument::fromJson(sim.readAllStandardOutput()).object();
        QCOMPARE(summary.value(QStringLiteral("devices")).toInt(), 3);
        QCOMPARE(summary.value(QStringLiteral("online_at_stop")).toInt(), 3);
        QCOMPARE(summary.value(QStringLiteral("configs_applied")).toInt(), 1);
        QCOMPARE(summary.value(QStringLiteral("acks_withheld")).toInt(), 1);
        QCOMPARE(summary.value(QStringLiteral("acks_sent")).toInt(), 0);
        QVERIFY(summary.value(QStringLiteral("messages_out")).toInt() >= 7);
    }

    void cleanupTestCase()
    {
        if (sim_.state() != QProcess::NotRunning) {
            sim_.kill();
            sim_.waitForFinished(5000);
        }
    }
};

QTEST_GUILESS_MAIN(TestSpksimBroker)
#include "tst_spksim_broker.moc"
