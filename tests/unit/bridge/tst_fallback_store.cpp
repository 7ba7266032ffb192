// The fallback store of one-time reply URLs (protocol.md §5): one download per link, bounded memory,
// and with Redis shared by every bridge (a link stays good across a bridge restart, still one download).
#include "server/bridge/fallback_store.h"
#include "server/cache/cache.h"
#include "server/core/metrics.h"
#include "server/http/http_server.h"
#include "tests/support/require_service.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUuid>
#include <QtTest>
#include <memory>

using namespace spk::server;

namespace {
// An HTTP front with one store's route, as a bridge has it.
struct Front
{
    Front(Metrics &metrics, FallbackStore::Options options) : http(1 << 20, &metrics), store(metrics, options)
    {
        store.registerRoute(http);
        port = http.listenOn(QHostAddress::LocalHost, 0);
    }
    // HTTP status and body of GET path.
    std::pair<int, QByteArray> get(const QString &path)
    {
        QNetworkAccessManager nam;
        QNetworkReply *reply =
            nam.get(QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path))));
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!done.wait(5000))
            return {0, {}};
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        reply->deleteLater();
        return {status, body};
    }
    HttpServer http;
    FallbackStore store;
    quint16 port = 0;
};

QByteArray audio(int size, char seed)
{
    QByteArray a(size, '\0');
    for (int i = 0; i < size; ++i)
        a[i] = char(seed + i * 13);
    return a;
}
} // namespace

class TestFallbackStore : public QObject
{
    Q_OBJECT
private slots:
    void oneDownloadPerLink()
    {
        Metrics metrics;
        Front front(metrics, {});
        QVERIFY(front.port);
        const QByteArray a = audio(30000, 1);
        const QString path = front.store.put(a);
        QVERIFY(path.startsWith(QStringLiteral("/audio/fallback/")));
        QCOMPARE(front.get(path), std::make_pair(200, a));
        QCOMPARE(front.get(path).first, 404);
        QCOMPARE(front.get(QStringLiteral("/audio/fallback/not-a-token")).first, 404);
        QCOMPARE(front.store.memoryBytes(), 0);
    }

    void memoryIsBoundedOldestFirst()
    {
        Metrics metrics;
        FallbackStore::Options options;
        options.maxMemoryBytes = 1 << 20;
        Front front(metrics, options);
        const QString first = front.store.put(audio(400000, 1));
        const QString second = front.store.put(audio(400000, 2));
        const QString third = front.store.put(audio(400000, 3)); // 1.2 MB: the first must go
        QVERIFY(front.store.memoryBytes() <= options.maxMemoryBytes);
        QCOMPARE(front.get(first).first, 404);
        QCOMPARE(front.get(second), std::make_pair(200, audio(400000, 2)));
        QCOMPARE(front.get(third), std::make_pair(200, audio(400000, 3)));
        QVERIFY(metrics.render().contains("spk_bridge_fallback_evicted_total 1"));
    }

    void expiredLinksAreGone()
    {
        Metrics metrics;
        FallbackStore::Options options;
        options.ttlSeconds = 1;
        Front front(metrics, options);
        const QString path = front.store.put(audio(1000, 4));
        QTest::qWait(1200);
        QCOMPARE(front.get(path).first, 404);
    }

    void redisLinksOutliveTheBridgeAndServeOnce()
    {
        SPK_REQUIRE_SERVICE("Redis", "SPK_TEST_REDIS_URL");
        QString error;
        std::unique_ptr<Cache> redis = openCache(qEnvironmentVariable("SPK_TEST_REDIS_URL"), &error);
        QVERIFY2(redis, qPrintable(error));
        FallbackStore::Options options;
        options.cache = redis.get();
        options.cacheKeyPrefix =
            QStringLiteral("test-fallback-%1:").arg(QUuid::createUuid().toString(QUuid::Id128));
        Metrics metrics;
        const QByteArray a = audio(150000, 5);
        QString path;
        {
            Front before(metrics, options);
            path = before.store.put(a);
            QCOMPARE(before.store.memoryBytes(), 0); // in Redis, not in the bridge
        } // that bridge process is gone; its replacement (or any bridge) serves the link
        Metrics m1, m2;
        Front after(m1, options), other(m2, options);
        QCOMPARE(after.get(path), std::make_pair(200, a));
        QCOMPARE(other.get(path).first, 404); // one download among all bridges
        QVERIFY(metrics.render().contains("spk_bridge_fallback_replies_total{store=\"cache\"} 1"));
        redis->removePrefix(options.cacheKeyPrefix);
    }
};

QTEST_GUILESS_MAIN(TestFallbackStore)
#include "tst_fallback_store.moc"
