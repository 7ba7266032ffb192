// Cache backends: the same behaviour from MemoryCache and RedisCache (when SPK_TEST_REDIS_URL is set).
#include "server/cache/cache.h"
#include "server/cache/memory_cache.h"
#include "server/cache/redis_cache.h"
#include "tests/support/require_service.h"

#include <QRandomGenerator>
#include <QtTest>

using namespace spk::server;

namespace {

} // namespace

class TestCache : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void initTestCase_data();
    void init();
    void cleanup();

    void setGetOverwrite();
    void binaryValuesAndKeys();
    void removeKeys();
    void takeIsOneTime();
    void removePrefixOnlyMatching();
    void expiry();
    void pingAndName();

    void rejectsBadUrls_data();
    void rejectsBadUrls();
    void parsesRedisUrls();

private:
    QString key(const QString &k) const { return prefix_ + k; }
    std::unique_ptr<Cache> cache_;
    QString prefix_;
};

void TestCache::initTestCase()
{
    // Keys of this run never collide with another run's on a shared Redis.
    prefix_ = QStringLiteral("spk-test-%1-%2:")
                  .arg(QCoreApplication::applicationPid())
                  .arg(QRandomGenerator::global()->bounded(1000000));
}

void TestCache::initTestCase_data()
{
    QTest::addColumn<QString>("backend");
    QTest::newRow("memory") << QStringLiteral("memory");
    QTest::newRow("redis") << QStringLiteral("redis");
}

void TestCache::init()
{
    QFETCH_GLOBAL(QString, backend);
    QString url = QStringLiteral("memory:");
    if (backend == QLatin1String("redis")) {
        SPK_REQUIRE_SERVICE("Redis", "SPK_TEST_REDIS_URL");
        url = qEnvironmentVariable("SPK_TEST_REDIS_URL");
    }
    QString error;
    cache_ = openCache(url, &error);
    QVERIFY2(cache_, qPrintable(error));
}

void TestCache::cleanup()
{
    if (cache_)
        cache_->removePrefix(prefix_);
    cache_.reset();
}

void TestCache::setGetOverwrite()
{
    QVERIFY(!cache_->get(key(QStringLiteral("absent"))));
    cache_->set(key(QStringLiteral("devices:u1")), QByteArrayLiteral("[1,2]"), 60);
    QCOMPARE(cache_->get(key(QStringLiteral("devices:u1"))), std::optional<QByteArray>("[1,2]"));
    cache_->set(key(QStringLiteral("devices:u1")), QByteArrayLiteral("[3]"), 60);
    QCOMPARE(cache_->get(key(QStringLiteral("devices:u1"))), std::optional<QByteArray>("[3]"));
    cache_->set(key(QStringLiteral("empty")), QByteArray(), 60);
    QCOMPARE(cache_->get(key(QStringLiteral("empty"))), std::optional<QByteArray>(QByteArray()));
}

void TestCache::binaryValuesAndKeys()
{
    QByteArray blob;
    for (int i = 0; i < 70000; ++i)
        blob.append(char(i % 256)); // NULs and high bytes included
    const QString k = key(QStringLiteral("bin: spaces \"quotes\" 设备"));
    cache_->set(k, blob, 60);
    const auto got = cache_->get(k);
    QVERIFY(got);
    QCOMPARE(got->size(), blob.size());
    QVERIFY(*got == blob);
}

void TestCache::removeKeys()
{
    for (const char *k : {"a", "b", "c"})
        cache_->set(key(QLatin1String(k)), QByteArray(k), 60);
    cache_->remove({key(QStringLiteral("a")), key(QStringLiteral("c")), key(QStringLiteral("never-set"))});
    cache_->remove({});
    QVERIFY(!cache_->get(key(QStringLiteral("a"))));
    QVERIFY(cache_->get(key(QStringLiteral("b"))));
    QVERIFY(!cache_->get(key(QStringLiteral("c"))));
}

void TestCache::takeIsOneTime()
{
    QByteArray audio(200000, '\0'); // a fallback reply's size, binary
    for (int i = 0; i < audio.size(); ++i)
        audio[i] = char(i * 7);
    cache_->set(key(QStringLiteral("fallback:t1")), audio, 60);
    QCOMPARE(cache_->take(key(QStringLiteral("fallback:t1"))), std::optional<QByteArray>(audio));
    QVERIFY(!cache_->take(key(QStringLiteral("fallback:t1"))));
    QVERIFY(!cache_->get(key(QStringLiteral("fallback:t1"))));
    QVERIFY(!cache_->take(key(QStringLiteral("never-set"))));
    cache_->set(key(QStringLiteral("fallback:short")), QByteArrayLiteral("x"), 1);
    QTest::qWait(2100); // past its expiry: an expired entry is not handed out
    QVERIFY(!cache_->take(key(QStringLiteral("fallback:short"))));
}

void TestCache::removePrefixOnlyMatching()
{
    // Glob characters in the prefix are literal: "devices:[u1]*" must not match "devices:u…".
    const QString globby = key(QStringLiteral("devices:[u1]*?"));
    for (int i = 0; i < 1200; ++i) // more than one SCAN batch
        cache_->set(key(QStringLiteral("devices:u1:%1").arg(i)), QByteArrayLiteral("x"), 60);
    cache_->set(key(QStringLiteral("devices:u10")), QByteArrayLiteral("y"), 60);
    cache_->set(key(QStringLiteral("devices:u2")), QByteArrayLiteral("z"), 60);
    cache_->set(key(QStringLiteral("sessions:u1")), QByteArrayLiteral("s"), 60);
    cache_->set(globby + QStringLiteral("tail"), QByteArrayLiteral("g"), 60);

    cache_->removePrefix(globby);
    QVERIFY(!cache_->get(globby + QStringLiteral("tail")));
    QVERIFY(cache_->get(key(QStringLiteral("devices:u1:0"))));

    cache_->removePrefix(key(QStringLiteral("devices:u1")));
    for (int i = 0; i < 1200; i += 97)
        QVERIFY(!cache_->get(key(QStringLiteral("devices:u1:%1").arg(i))));
    QVERIFY(!cache_->get(key(QStringLiteral("devices:u10")))); // a prefix match too
    QCOMPARE(cache_->get(key(QStringLiteral("devices:u2"))), std::optional<QByteArray>("z"));
    QCOMPARE(cache_->get(key(QStringLiteral("sessions:u1"))), std::optional<QByteArray>("s"));
}

void TestCache::expiry()
{
    cache_->set(key(QStringLiteral("short")), QByteArrayLiteral("1"), 1);
    cache_->set(key(QStringLiteral("long")), QByteArrayLiteral("2"), 600);
    cache_->set(key(QStringLiteral("forever")), QByteArrayLiteral("3"), 0);
    QTRY_VERIFY_WITH_TIMEOUT(!cache_->get(key(QStringLiteral("short"))), 5000);
    QVERIFY(cache_->get(key(QStringLiteral("long"))));
    QVERIFY(cache_->get(key(QStringLiteral("forever"))));
}

void TestCache::pingAndName()
{
    QFETCH_GLOBAL(QString, backend);
    QVERIFY(cache_->ping());
    QCOMPARE(cache_->backendName(), backend);
}

void TestCache::rejectsBadUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::newRow("empty") << "";
    QTest::newRow("unknown scheme") << "memcached://127.0.0.1:11211";
    QTest::newRow("memory typo") << "memory";
    QTest::newRow("no host") << "redis://";
    QTest::newRow("bad port") << "redis://127.0.0.1:70000";
    QTest::newRow("bad db") << "redis://127.0.0.1:6379/abc";
    QTest::newRow("query") << "redis://127.0.0.1:6379/0?timeout=1";
}

void TestCache::rejectsBadUrls()
{
    QFETCH(QString, url);
    QString error;
    QVERIFY(!openCache(url, &error));
    QVERIFY(!error.isEmpty());
}

void TestCache::parsesRedisUrls()
{
    QString error;
    auto u = RedisUrl::parse(QStringLiteral("redis://cache.local"), &error);
    QVERIFY2(u, qPrintable(error));
    QCOMPARE(u->host, QStringLiteral("cache.local"));
    QCOMPARE(u->port, 6379);
    QCOMPARE(u->db, 0);
    u = RedisUrl::parse(QStringLiteral("redis://:p%40ss@127.0.0.1:6380/3"), &error);
    QVERIFY2(u, qPrintable(error));
    QCOMPARE(u->port, 6380);
    QCOMPARE(u->db, 3);
    QCOMPARE(u->password, QStringLiteral("p@ss"));
}

QTEST_GUILESS_MAIN(TestCache)
#include "tst_cache.moc"
