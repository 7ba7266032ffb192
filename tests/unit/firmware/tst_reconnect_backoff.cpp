// ReconnectBackoff: exponential growth, cap, jitter bounds, reset.
#include "firmware/reconnect_backoff.h"

#include <QtTest>

using spk::fw::BackoffPolicy;
using spk::fw::ReconnectBackoff;

class TestReconnectBackoff : public QObject
{
    Q_OBJECT
private slots:
    void growsToTheCapWithinJitterBounds()
    {
        ReconnectBackoff backoff(BackoffPolicy{1000, 30000}, 42);
        const uint32_t expectedNominal[] = {1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000};
        for (uint32_t nominal : expectedNominal) {
            QCOMPARE(backoff.nominalDelayMs(), nominal);
            const uint32_t delay = backoff.nextDelayMs();
            QVERIFY2(
                delay >= nominal / 2 && delay <= nominal,
                qPrintable(
                    QStringLiteral("delay %1 outside [%2, %3]").arg(delay).arg(nominal / 2).arg(nominal)));
        }
    }

    void staysCappedAfterManyFailures()
    {
        ReconnectBackoff backoff(BackoffPolicy{1000, 30000}, 7);
        for (int i = 0; i < 1000; ++i)
            QVERIFY(backoff.nextDelayMs() <= 30000);
        QCOMPARE(backoff.nominalDelayMs(), 30000u);
    }

    void resetStartsOver()
    {
        ReconnectBackoff backoff(BackoffPolicy{1000, 30000}, 7);
        for (int i = 0; i < 5; ++i)
            backoff.nextDelayMs();
        backoff.reset();
        QCOMPARE(backoff.failures(), 0u);
        QVERIFY(backoff.nextDelayMs() <= 1000);
    }

    void jitterSpreadsDevices()
    {
        // Many devices with different seeds must not all pick the same delay at the cap.
        QSet<uint32_t> delays;
        for (uint32_t seed = 1; seed <= 50; ++seed) {
            ReconnectBackoff backoff(BackoffPolicy{1000, 30000}, seed * 2654435761u);
            for (int i = 0; i < 6; ++i)
                backoff.nextDelayMs();
            delays.insert(backoff.nextDelayMs());
        }
        QVERIFY2(delays.size() > 25, qPrintable(QString::number(delays.size())));
    }

    void zeroSeedStillWorks()
    {
        ReconnectBackoff backoff(BackoffPolicy{1000, 30000}, 0);
        QSet<uint32_t> delays;
        for (int i = 0; i < 20; ++i)
            delays.insert(backoff.nextDelayMs());
        QVERIFY(delays.size() > 1);
    }
};

QTEST_APPLESS_MAIN(TestReconnectBackoff)
#include "tst_reconnect_backoff.moc"
