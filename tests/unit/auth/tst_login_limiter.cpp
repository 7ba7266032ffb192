// Login lockout per username and per source, with explicit times.
#include "server/auth/login_limiter.h"

#include <QtTest>

using namespace spk::server::auth;

namespace {
const QDateTime kT0 = QDateTime(QDate(2026, 11, 25), QTime(10, 0), Qt::UTC);
const QString kAlice = QStringLiteral("alice");
const QString kBob = QStringLiteral("bob");
const QString kIp1 = QStringLiteral("10.0.0.1");
const QString kIp2 = QStringLiteral("10.0.0.2");

// One whole attempt: started, then its password found wrong (or right).
void fail(LoginLimiter &limiter, const QString &user, const QString &source, const QDateTime &at)
{
    LoginAttempt attempt;
    if (limiter.begin(user, source, at, &attempt) == 0)
        limiter.failed(user, source, attempt, at);
}
void succeed(LoginLimiter &limiter, const QString &user, const QString &source)
{
    LoginAttempt attempt;
    if (limiter.begin(user, source, kT0, &attempt) == 0)
        limiter.succeeded(user, source);
}
} // namespace

class TestLoginLimiter : public QObject
{
    Q_OBJECT
private slots:
    void locksUsernameAfterMaxFailures()
    {
        LoginLimiter limiter(3, 300, 120);
        for (int i = 0; i < 2; ++i) {
            fail(limiter, kAlice, kIp1, kT0.addSecs(i));
            QCOMPARE(limiter.retryAfter(kAlice, kIp1, kT0.addSecs(i)), 0);
        }
        fail(limiter, kAlice, kIp1, kT0.addSecs(10));
        QCOMPARE(limiter.retryAfter(kAlice, kIp1, kT0.addSecs(10)), 120);
        // The username is locked from any source.
        QCOMPARE(limiter.retryAfter(kAlice, kIp2, kT0.addSecs(20)), 110);
        // Other usernames from another source are unaffected.
        QCOMPARE(limiter.retryAfter(kBob, kIp2, kT0.addSecs(20)), 0);
    }

    void lockExpires()
    {
        LoginLimiter limiter(2, 300, 60);
        fail(limiter, kAlice, kIp1, kT0);
        fail(limiter, kAlice, kIp1, kT0);
        QCOMPARE(limiter.retryAfter(kAlice, kIp1, kT0.addSecs(59)), 1);
        QCOMPARE(limiter.retryAfter(kAlice, kIp1, kT0.addMSecs(59001)), 1); // rounds up, never 0 while locked
        QCOMPARE(limiter.retryAfter(kAlice, kIp1, kT0.addSecs(60)), 0);
        // After the lock the count starts again from zero.
        fail(limiter, kAlice, kIp1, kT0.addSecs(61));
        QCOMPARE(limiter.retryAfter(kAlice, kIp1, kT0.addSecs(61)), 0);
        fail(limiter, kAlice, kIp1, kT0.addSecs(62));
        QCOMPARE(limiter.retryAfter(kAlice, kIp1, kT0.addSecs(62)), 60);
    }

    void failuresOutsideWindowDoNotAddUp()
    {
        LoginLimiter limiter(3, 100, 60);
        fail(limiter, kAlice, kIp1, kT0);
        fail(limiter, kAlice, kIp1, kT0.addSecs(50));
        fail(limiter, kAlice, kIp1, kT0.addSecs(100)); // new window starts here
        QCOMPARE(limiter.retryAfter(kAlice, kIp1, kT0.addSecs(100)), 0);
        fail(limiter, kAlice, kIp1, kT0.addSecs(120));
        QCOMPARE(limiter.retryAfter(kAlice, kIp1, kT0.addSecs(120)), 0);
        fail(limiter, kAlice, kIp1, kT0.addSecs(150));
        QCOMPARE(limiter.retryAfter(kAlice, kIp1, kT0.addSecs(150)), 60);
    }

    void locksSourceSprayingManyUsernames()
    {
        LoginLimiter limiter(3, 300, 90);
        fail(limiter, QStringLiteral("u1"), kIp1, kT0);
        fail(limiter, QStringLiteral("u2"), kIp1, kT0);
        QCOMPARE(limiter.retryAfter(QStringLiteral("u3"), kIp1, kT0), 0);
        fail(limiter, QStringLiteral("u3"), kIp1, kT0);
        QCOMPARE(limiter.retryAfter(QStringLiteral("u4"), kIp1, kT0), 90);
        QCOMPARE(limiter.retryAfter(QStringLiteral("u4"), kIp2, kT0), 0);
    }

    void successResetsUsernameOnly()
    {
        LoginLimiter limiter(3, 300, 60);
        fail(limiter, kAlice, kIp1, kT0);
        fail(limiter, kAlice, kIp1, kT0);
        succeed(limiter, kAlice, kIp1);
        fail(limiter, kAlice, kIp2, kT0);
        fail(limiter, kAlice, kIp2, kT0);
        QCOMPARE(limiter.retryAfter(kAlice, kIp2, kT0), 0); // 2 since the success, not 4
        // ip1's two failures still count.
        fail(limiter, kBob, kIp1, kT0);
        QCOMPARE(limiter.retryAfter(QStringLiteral("carol"), kIp1, kT0), 60);
    }

    void successDoesNotLiftALock()
    {
        LoginLimiter limiter(1, 300, 60);
        fail(limiter, kAlice, kIp1, kT0);
        succeed(limiter, kBob, kIp1);
        QCOMPARE(limiter.retryAfter(kBob, kIp1, kT0), 60);
    }

    void failuresWhileLockedDoNotExtend()
    {
        LoginLimiter limiter(2, 300, 60);
        fail(limiter, kAlice, kIp1, kT0);
        fail(limiter, kAlice, kIp1, kT0);
        fail(limiter, kAlice, kIp1, kT0.addSecs(30));
        fail(limiter, kAlice, kIp1, kT0.addSecs(31));
        QCOMPARE(limiter.retryAfter(kAlice, kIp1, kT0.addSecs(31)), 29);
    }

    void parallelAttemptsAreCountedBeforeTheCheck()
    {
        // Issue 10 finding 3: 40 guesses at once must not all reach the password check.
        LoginLimiter limiter(3, 300, 120);
        LoginAttempt a[3];
        for (auto &attempt : a)
            QCOMPARE(limiter.begin(kAlice, kIp1, kT0, &attempt), 0);
        LoginAttempt refused;
        for (int i = 0; i < 37; ++i)
            QCOMPARE(limiter.begin(kAlice, kIp1, kT0, &refused), 1);
        for (const auto &attempt : a)
            limiter.failed(kAlice, kIp1, attempt, kT0);
        QCOMPARE(limiter.retryAfter(kAlice, kIp2, kT0), 120);
        QCOMPARE(limiter.retryAfter(kBob, kIp1, kT0), 120);
    }

    void successAmongParallelAttemptsDoesNotLock()
    {
        LoginLimiter limiter(3, 300, 120);
        LoginAttempt a[3];
        for (auto &attempt : a)
            QCOMPARE(limiter.begin(kAlice, kIp1, kT0, &attempt), 0);
        limiter.failed(kAlice, kIp1, a[0], kT0);
        limiter.succeeded(kAlice, kIp1); // the last place (3) was the right password
        limiter.failed(kAlice, kIp1, a[1], kT0);
        QCOMPARE(limiter.retryAfter(kAlice, kIp1, kT0), 0);
        LoginAttempt next;
        QCOMPARE(limiter.begin(kBob, kIp1, kT0, &next), 0); // source: 2 counted, the success not
        QCOMPARE(next.bySource, 3);
    }

    void manyDistinctUsernamesStillWork()
    {
        // Pruning stale entries (above 10,000 keys) must keep active locks.
        LoginLimiter limiter(2, 60, 600);
        fail(limiter, kAlice, kIp1, kT0);
        fail(limiter, kAlice, kIp1, kT0);
        for (int i = 0; i < 12000; ++i)
            fail(limiter, QStringLiteral("user%1").arg(i), QStringLiteral("src%1").arg(i), kT0.addSecs(120));
        QCOMPARE(limiter.retryAfter(kAlice, kIp2, kT0.addSecs(120)), 480);
    }
};

QTEST_GUILESS_MAIN(TestLoginLimiter)
#include "tst_login_limiter.moc"
