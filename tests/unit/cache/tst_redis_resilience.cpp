// RedisCache when Redis is down or restarts: misses and a failing ping, never a crash or a hang, and
// a transparent reconnect. Needs no shared Redis: it uses a closed port and a private redis-server.
#include "server/cache/cache.h"
#include "tests/support/require_service.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

using namespace spk::server;

namespace {

quint16 unusedPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost))
        return 0;
    return probe.serverPort(); // closed again when probe goes
}

bool acceptsConnections(quint16 port)
{
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, port);
    return s.waitForConnected(200);
}

} // namespace

class TestRedisResilience : public QObject
{
    Q_OBJECT

private slots:
    void redisDownIsAMiss();
    void redisReconnects();
};

void TestRedisResilience::redisDownIsAMiss()
{
    const quint16 port = unusedPort();
    QVERIFY(port != 0);
    QString error;
    auto down = openCache(QStringLiteral("redis://127.0.0.1:%1").arg(port), &error);
    QVERIFY2(down, qPrintable(error)); // a Redis that is down at start is not a configuration error
    QCOMPARE(down->backendName(), QStringLiteral("redis"));
    QVERIFY(!down->get(QStringLiteral("k")));
    down->set(QStringLiteral("k"), QByteArrayLiteral("v"), 10);
    QVERIFY(!down->get(QStringLiteral("k")));
    down->remove({QStringLiteral("k")});
    down->removePrefix(QStringLiteral("k"));
    QVERIFY(!down->ping());
    QVERIFY(!down->ping());
}

void TestRedisResilience::redisReconnects()
{
    const QString server = QStandardPaths::findExecutable(QStringLiteral("redis-server"));
    SPK_REQUIRE_AVAILABLE("redis-server", !server.isEmpty(), "apt-get install redis-server");
    const quint16 port = unusedPort();
    QVERIFY(port != 0);
    const QStringList args{QStringLiteral("--port"),       QString::number(port),    QStringLiteral("--bind"),
                           QStringLiteral("127.0.0.1"),    QStringLiteral("--save"), QString(),
                           QStringLiteral("--appendonly"), QStringLiteral("no")};
    QProcess redis;
    redis.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    redis.setStandardOutputFile(QProcess::nullDevice());
    redis.start(server, args);
    QVERIFY(redis.waitForStarted(5000));
    QTRY_VERIFY_WITH_TIMEOUT(acceptsConnections(port), 10000);

    QString error;
    auto cache = openCache(QStringLiteral("redis://127.0.0.1:%1/1").arg(port), &error);
    QVERIFY2(cache, qPrintable(error));
    cache->set(QStringLiteral("k"), QByteArrayLiteral("v1"), 60);
    QCOMPARE(cache->get(QStringLiteral("k")), std::optional<QByteArray>("v1"));

    // Redis goes away: misses and a failing ping, no crash.
    redis.kill();
    QVERIFY(redis.waitForFinished(5000));
    QVERIFY(!cache->get(QStringLiteral("k")));
    QVERIFY(!cache->ping());

    // Redis comes back on the same port: the cache reconnects by itself (and selects db 1 again).
    redis.start(server, args);
    QVERIFY(redis.waitForStarted(5000));
    QTRY_VERIFY_WITH_TIMEOUT(acceptsConnections(port), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(cache->ping(), 10000);
    cache->set(QStringLiteral("k"), QByteArrayLiteral("v2"), 60);
    QCOMPARE(cache->get(QStringLiteral("k")), std::optional<QByteArray>("v2"));
    auto db0 = openCache(QStringLiteral("redis://127.0.0.1:%1").arg(port), &error);
    QVERIFY(!db0->get(QStringLiteral("k"))); // it went to db 1

    redis.terminate();
    QVERIFY(redis.waitForFinished(5000));
}

QTEST_GUILESS_MAIN(TestRedisResilience)
#include "tst_redis_resilience.moc"
