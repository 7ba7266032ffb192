// Dashboard arithmetic and the small list models behind the console's pages.
#include "console/models/activity_list_model.h"
#include "console/models/session_table_model.h"
#include "console/stats/latency_stats.h"
#include "console/stats/online_history.h"
#include "console/stats/session_rate.h"

#include <QJsonObject>
#include <QTest>

using namespace spk::console;
using spk::client::Session;

class TestConsoleStats : public QObject
{
    Q_OBJECT
private slots:
    void nearestRankPercentile()
    {
        QVector<qint64> v;
        for (int i = 1; i <= 100; ++i)
            v.append(i);
        QCOMPARE(LatencyStats::percentile(v, 50), qint64(50));
        QCOMPARE(LatencyStats::percentile(v, 90), qint64(90));
        QCOMPARE(LatencyStats::percentile(v, 99), qint64(99));
        QCOMPARE(LatencyStats::percentile(v, 100), qint64(100));
        QCOMPARE(LatencyStats::percentile({}, 50), qint64(0));
        QCOMPARE(LatencyStats::percentile({7}, 99), qint64(7));
    }

    void percentilesPerStageInPipelineOrder()
    {
        LatencyStats stats;
        for (int i = 1; i <= 10; ++i) {
            Session s;
            s.id = i;
            s.timings = {{QStringLiteral("wake_ack"), i}, {QStringLiteral("first_audio"), 1000 + 10 * i}};
            QVERIFY(stats.addSession(s));
        }
        Session empty;
        empty.id = 99;
        QVERIFY(!stats.addSession(empty));
        const auto p = stats.percentiles();
        QCOMPARE(p.size(), 2);
        QCOMPARE(p.at(0).stage, QStringLiteral("wake_ack"));
        QCOMPARE(p.at(0).samples, 10);
        QCOMPARE(p.at(0).p50, qint64(5));
        QCOMPARE(p.at(0).p90, qint64(9));
        QCOMPARE(p.at(1).p99, qint64(1100));
        // Re-adding a session replaces it instead of counting it twice.
        Session again;
        again.id = 1;
        again.timings = {{QStringLiteral("wake_ack"), 1}};
        stats.addSession(again);
        QCOMPARE(stats.sessionCount(), 10);
        QCOMPARE(stats.percentiles().at(1).samples, 9);
    }

    void sessionsPerMinute()
    {
        SessionRate rate;
        const QDateTime now = QDateTime::fromString(QStringLiteral("2024-05-01T10:05:30Z"), Qt::ISODate);
        QVERIFY(rate.addSession(1, now.addSecs(-10)));  // 10:05
        QVERIFY(rate.addSession(2, now.addSecs(-20)));  // 10:05
        QVERIFY(rate.addSession(3, now.addSecs(-65)));  // 10:04
        QVERIFY(rate.addSession(4, now.addSecs(-600))); // outside the window
        QVERIFY(!rate.addSession(1, now));              // counted once
        QVERIFY(!rate.addSession(5, QDateTime()));
        const QVector<int> counts = rate.perMinute(now, 3);
        QCOMPARE(counts, (QVector<int>{0, 1, 2}));
        rate.prune(now, 120);
        QCOMPARE(rate.size(), 3);
    }

    void onlineHistoryIsBounded()
    {
        OnlineHistory history(3);
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        for (int i = 0; i < 5; ++i)
            history.addSample(t0.addSecs(i), i, 10);
        QCOMPARE(history.samples().size(), 3);
        QCOMPARE(history.samples().first().online, 2);
        QCOMPARE(history.samples().last().online, 4);
    }

    void activityKeepsNewestFirstAndBounded()
    {
        ActivityListModel model;
        model.setCapacity(2);
        QVERIFY(!model.addProgress(QJsonObject{{"stage", "thinking"}})); // no device: ignored
        QVERIFY(
            model.addProgress(QJsonObject{{"device_id", "d1"}, {"session_id", 5}, {"stage", "listening"}}));
        QVERIFY(model.addProgress(
            QJsonObject{{"device_id", "d1"}, {"session_id", 5}, {"stage", "recognizing"}, {"text", "hi"}}));
        QVERIFY(model.addProgress(QJsonObject{{"device_id", "d2"}, {"session_id", 6}, {"stage", "failed"}}));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.eventAt(0)->stage, QStringLiteral("failed"));
        QCOMPARE(model.eventAt(1)->text, QStringLiteral("hi"));
        QVERIFY(model.data(model.index(1)).toString().contains(QStringLiteral("recognizing")));
    }

    void sessionPagesDoNotRepeat()
    {
        SessionTableModel model;
        Session a;
        a.id = 2;
        a.status = QStringLiteral("completed");
        a.durationMs = 1500;
        a.timings = {{QStringLiteral("wake_ack"), 40}};
        Session b;
        b.id = 1;
        b.status = QStringLiteral("failed");
        model.setSessions({a});
        Session aListed = a;
        aListed.timings.clear(); // list items carry no timings
        model.appendSessions({aListed, b});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.sessionAt(0)->timings.size(), 1);
        QCOMPARE(model.data(model.index(0, SessionTableModel::Duration)).toString(), QStringLiteral("1.5 s"));
        QCOMPARE(model.data(model.index(1, SessionTableModel::Status)).toString(), QStringLiteral("failed"));
        QCOMPARE(model.rowOf(1), 1);
    }
};

QTEST_MAIN(TestConsoleStats)
#include "tst_console_stats.moc"
