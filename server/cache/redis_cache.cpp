#include "server/cache/redis_cache.h"

#include <limits>

#include <QLoggingCategory>
#include <QUrl>
#include <hiredis/hiredis.h>
#include <vector>

Q_LOGGING_CATEGORY(lcCache, "spk.cache")

namespace spk::server {
namespace {

constexpr int kConnectTimeoutMs = 1000;
constexpr int kRetryAfterMs = 1000;
constexpr int kScanBatch = 500;

timeval toTimeval(int ms)
{
    return timeval{ms / 1000, (ms % 1000) * 1000};
}

struct ReplyDeleter
{
    void operator()(redisReply *r) const
    {
        if (r)
            freeReplyObject(r);
    }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

QByteArray globEscaped(const QByteArray &s)
{
    QByteArray out;
    out.reserve(s.size() + 4);
    for (const char c : s) {
        if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\')
            out.append('\\');
        out.append(c);
    }
    return out;
}

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

} // namespace

std::optional<RedisUrl> RedisUrl::parse(const QString &text, QString *error)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.scheme() != QLatin1String("redis")) {
        fail(error, QStringLiteral("invalid Redis URL (expected redis://host:port[/db]): %1").arg(text));
        return std::nullopt;
    }
    RedisUrl out;
    out.host = url.host(QUrl::FullyDecoded);
    out.port = url.port(6379);
    out.password = url.password(QUrl::FullyDecoded);
    if (out.host.isEmpty() || out.port <= 0 || out.port > 65535) {
        fail(error, QStringLiteral("Redis URL needs a host and a port 1–65535"));
        return std::nullopt;
    }
    if (url.hasQuery() || url.hasFragment()) {
        fail(error, QStringLiteral("Redis URL takes no query or fragment"));
        return std::nullopt;
    }
    const QString path = url.path();
    if (!path.isEmpty() && path != QLatin1String("/")) {
        bool ok = false;
        out.db = path.mid(1).toInt(&ok);
        if (!ok || out.db < 0 || out.db > 65535) {
            fail(error, QStringLiteral("Redis database must be a number: redis://host:port/0"));
            return std::nullopt;
        }
    }
    return out;
}

RedisCache::RedisCache(const RedisUrl &url, int commandTimeoutMs)
    : url_(url), commandTimeoutMs_(commandTimeoutMs > 0 ? commandTimeoutMs : 500)
{
    QMutexLocker lock(&mutex_);
    connectLocked(); // a Redis that is down now is retried on use
}

RedisCache::~RedisCache()
{
    if (context_)
        redisFree(context_);
}

bool RedisCache::connectLocked()
{
    const QByteArray host = url_.host.toUtf8();
    redisContext *c = redisConnectWithTimeout(host.constData(), url_.port, toTimeval(kConnectTimeoutMs));
    if (!c || c->err) {
        if (!reportedDown_)
            qCWarning(lcCache) << "Redis" << url_.host << url_.port
                               << "unreachable:" << (c ? c->errstr : "no memory");
        reportedDown_ = true;
        if (c)
            redisFree(c);
        sinceFailure_.start();
        return false;
    }
    redisSetTimeout(c, toTimeval(commandTimeoutMs_));
    context_ = c;
    auto setup = [this](const QList<QByteArray> &args) {
        Reply r(command(args, true));
        if (r && r->type == REDIS_REPLY_ERROR) {
            qCWarning(lcCache) << "Redis" << args.first() << "refused:" << r->str;
            disconnectLocked("setup refused");
            return false;
        }
        return r != nullptr;
    };
    if (!url_.password.isEmpty() && !setup({"AUTH", url_.password.toUtf8()}))
        return false;
    if (url_.db != 0 && !setup({"SELECT", QByteArray::number(url_.db)}))
        return false;
    if (reportedDown_)
        qCInfo(lcCache) << "Redis" << url_.host << url_.port << "reachable again";
    reportedDown_ = false;
    sinceFailure_.invalidate();
    return true;
}

void RedisCache::disconnectLocked(const char *why)
{
    if (!context_)
        return;
    if (!reportedDown_)
        qCWarning(lcCache) << "Redis connection lost (" << why << "):" << context_->errstr;
    reportedDown_ = true;
    redisFree(context_);
    context_ = nullptr;
    sinceFailure_.start();
}

redisReply *RedisCache::command(const QList<QByteArray> &args, bool retryNow)
{
    if (!context_) {
        if (!retryNow && sinceFailure_.isValid() && sinceFailure_.elapsed() < kRetryAfterMs)
            return nullptr;
        if (!connectLocked())
            return nullptr;
    }
    std::vector<const char *> argv;
    std::vector<size_t> lengths;
    for (const QByteArray &a : args) {
        argv.push_back(a.constData());
        lengths.push_back(size_t(a.size()));
    }
    auto *reply =
        static_cast<redisReply *>(redisCommandArgv(context_, int(argv.size()), argv.data(), lengths.data()));
    if (!reply) // I/O error or timeout: the connection is unusable from here on
        disconnectLocked(args.first().constData());
    return reply;
}

std::optional<QByteArray> RedisCache::get(const QString &key)
{
    QMutexLocker lock(&mutex_);
    Reply r(command({"GET", key.toUtf8()}));
    if (!r || r->type != REDIS_REPLY_STRING)
        return std::nullopt;
    return QByteArray(r->str, int(r->len));
}

std::optional<QByteArray> RedisCache::take(const QString &key)
{
    QMutexLocker lock(&mutex_);
    Reply r(command({"GETDEL", key.toUtf8()}));
    if (r && r->type == REDIS_REPLY_ERROR)
        qCWarning(lcCache) << "Redis GETDEL failed (Redis 6.2 or newer is needed):" << r->str;
    if (!r || r->type != REDIS_REPLY_STRING)
        return std::nullopt;
    return QByteArray(r->str, int(r->len));
}

bool RedisCache::set(const QString &key, const QByteArray &value, int ttlSeconds)
{
    QMutexLocker lock(&mutex_);
    QList<QByteArray> args{"SET", key.toUtf8(), value};
    if (ttlSeconds > 0)
        args << "EX" << QByteArray::number(ttlSeconds);
    Reply r(command(args));
    if (r && r->type == REDIS_REPLY_ERROR)
        qCWarning(lcCache) << "Redis SET failed:" << r->str;
    return r && r->type == REDIS_REPLY_STATUS;
}

void RedisCache::remove(const QStringList &keys)
{
    if (keys.isEmpty())
        return;
    QMutexLocker lock(&mutex_);
    QList<QByteArray> args{"UNLINK"};
    for (const QString &k : keys)
        args << k.toUtf8();
    Reply r(command(args));
    if (r && r->type == REDIS_REPLY_ERROR)
        qCWarning(lcCache) << "Redis UNLINK failed:" << r->str;
}

void RedisCache::removePrefix(const QString &prefix)
{
    QMutexLocker lock(&mutex_);
    const QByteArray pattern = globEscaped(prefix.toUtf8()) + '*';
    QByteArray cursor = "0";
    do {
        Reply r(command({"SCAN", cursor, "MATCH", pattern, "COUNT", QByteArray::number(kScanBatch)}));
        if (!r || r->type != REDIS_REPLY_ARRAY || r->elements != 2 ||
            r->element[0]->type != REDIS_REPLY_STRING || r->element[1]->type != REDIS_REPLY_ARRAY) {
            if (r)
                qCWarning(lcCache) << "Redis SCAN gave an unexpected reply; prefix" << prefix
                                   << "not fully removed";
            return;
        }
        cursor = QByteArray(r->element[0]->str, int(r->element[0]->len));
        const redisReply *keys = r->element[1];
        if (keys->elements == 0)
            continue;
        QList<QByteArray> args{"UNLINK"};
        for (size_t i = 0; i < keys->elements; ++i)
            args << QByteArray(keys->element[i]->str, int(keys->element[i]->len));
        Reply removed(command(args));
        if (!removed)
            return;
    } while (cursor != "0");
}

std::optional<bool> RedisCache::exists(const QString &key)
{
    QMutexLocker lock(&mutex_);
    Reply r(command({"EXISTS", key.toUtf8()}));
    if (!r || r->type != REDIS_REPLY_INTEGER)
        return std::nullopt;
    return r->integer > 0;
}

std::optional<qint64> RedisCache::increment(const QString &key, int ttlSeconds)
{
    static const QByteArray script = "local n = redis.call('INCR', KEYS[1]) "
                                     "if n == 1 and tonumber(ARGV[1]) > 0 then "
                                     "redis.call('EXPIRE', KEYS[1], ARGV[1]) end return n";
    QMutexLocker lock(&mutex_);
    Reply r(command({"EVAL", script, "1", key.toUtf8(), QByteArray::number(ttlSeconds)}));
    if (!r || r->type != REDIS_REPLY_INTEGER) {
        if (r && r->type == REDIS_REPLY_ERROR)
            qCWarning(lcCache) << "Redis INCR failed:" << r->str;
        return std::nullopt;
    }
    return r->integer;
}

std::optional<qint64> RedisCache::decrement(const QString &key)
{
    // DECR on an absent key would create it at -1 without an expiry.
    static const QByteArray script = "if redis.call('EXISTS', KEYS[1]) == 1 then "
                                     "return redis.call('DECR', KEYS[1]) end return 0";
    QMutexLocker lock(&mutex_);
    Reply r(command({"EVAL", script, "1", key.toUtf8()}));
    if (!r || r->type != REDIS_REPLY_INTEGER) {
        if (r && r->type == REDIS_REPLY_ERROR)
            qCWarning(lcCache) << "Redis DECR failed:" << r->str;
        return std::nullopt;
    }
    return r->integer;
}

std::optional<int> RedisCache::secondsToLive(const QString &key)
{
    QMutexLocker lock(&mutex_);
    Reply r(command({"PTTL", key.toUtf8()}));
    if (!r || r->type != REDIS_REPLY_INTEGER)
        return std::nullopt;
    if (r->integer == -2)
        return 0; // no such key
    if (r->integer == -1)
        return std::numeric_limits<int>::max(); // no expiry
    return int((r->integer + 999) / 1000);
}

bool RedisCache::ping()
{
    QMutexLocker lock(&mutex_);
    Reply r(command({"PING"}, true));
    return r && r->type == REDIS_REPLY_STATUS && qstrcmp(r->str, "PONG") == 0;
}

} // namespace spk::server
