#pragma once
// The Redis cache ("redis://[:password@]host:port[/db]") over one synchronous hiredis connection,
// serialised by a mutex. A Redis that is down is a cache miss, never a crash or a hang: connecting
// gives up after 1 s, commands after the command timeout, and after a failure the next attempt waits
// a second (ping() always tries at once, so /readyz sees a recovered Redis immediately).
#include "server/cache/cache.h"

#include <QElapsedTimer>
#include <QMutex>

struct redisContext;
struct redisReply;

namespace spk::server {

struct RedisUrl
{
    QString host;
    int port = 6379;
    int db = 0;
    QString password;
    // nullopt and *error for anything but redis://[:password@]host[:port][/db].
    static std::optional<RedisUrl> parse(const QString &url, QString *error);
};

class RedisCache : public Cache
{
public:
    explicit RedisCache(const RedisUrl &url, int commandTimeoutMs = 500);
    ~RedisCache() override;
    RedisCache(const RedisCache &) = delete;
    RedisCache &operator=(const RedisCache &) = delete;

    std::optional<QByteArray> get(const QString &key) override;
    // GETDEL (Redis 6.2+).
    std::optional<QByteArray> take(const QString &key) override;
    // ttlSeconds <= 0: the entry never expires.
    bool set(const QString &key, const QByteArray &value, int ttlSeconds) override;
    void remove(const QStringList &keys) override;
    // SCAN MATCH prefix* (glob characters in the prefix escaped) and UNLINK per batch.
    void removePrefix(const QString &prefix) override;
    bool ping() override;
    std::optional<bool> exists(const QString &key) override;
    // INCR and, for a new counter, EXPIRE in one server-side script (a crash cannot leave it eternal).
    std::optional<qint64> increment(const QString &key, int ttlSeconds) override;
    std::optional<qint64> decrement(const QString &key) override;
    std::optional<int> secondsToLive(const QString &key) override;
    bool isShared() const override { return true; }
    QString backendName() const override { return QStringLiteral("redis"); }

private:
    // Runs one command on a live connection (connecting first if needed); nullptr when Redis is
    // unreachable or the connection broke (then it is dropped). Caller holds mutex_.
    redisReply *command(const QList<QByteArray> &args, bool retryNow = false);
    bool connectLocked();
    void disconnectLocked(const char *why);

    const RedisUrl url_;
    const int commandTimeoutMs_;
    QMutex mutex_;
    redisContext *context_ = nullptr;
    QElapsedTimer sinceFailure_; // valid while we are backing off
    bool reportedDown_ = false;
};

} // namespace spk::server
