#pragma once
// The response cache of seed scene 1: in-process by default, Redis when configured.
#include <QByteArray>
#include <QString>
#include <QStringList>
#include <memory>
#include <optional>

namespace spk::server {

class Cache
{
public:
    virtual ~Cache() = default;
    // nullopt for a miss, an expired entry, or an unreachable backend.
    virtual std::optional<QByteArray> get(const QString &key) = 0;
    // get() and remove() as one step: of two processes taking the same key, one gets it (one-time URLs).
    virtual std::optional<QByteArray> take(const QString &key) = 0;
    // ttlSeconds <= 0: no expiry. Failures are logged, never thrown (a cache is best effort); returns
    // whether the entry was stored.
    virtual bool set(const QString &key, const QByteArray &value, int ttlSeconds) = 0;
    virtual void remove(const QStringList &keys) = 0;
    // Removes every key starting with prefix.
    virtual void removePrefix(const QString &prefix) = 0;
    virtual bool ping() = 0;

    // Small shared state (lockout counters, revoked-token markers). nullopt = backend unreachable.
    virtual std::optional<bool> exists(const QString &key) = 0;
    // Adds 1 to the counter at key, creating it with ttlSeconds when absent; returns the new count.
    virtual std::optional<qint64> increment(const QString &key, int ttlSeconds) = 0;
    // Takes 1 from an existing counter, keeping its expiry; an absent counter stays absent (returns 0).
    virtual std::optional<qint64> decrement(const QString &key) = 0;
    // Seconds until key expires (rounded up); 0 when there is no such key.
    virtual std::optional<int> secondsToLive(const QString &key) = 0;
    // True when every spkd process using this backend sees the same entries (Redis); replicas need it.
    virtual bool isShared() const = 0;

    virtual QString backendName() const = 0;
};

// url: "memory:" or "redis://[:password@]host:port[/db]". nullptr and *error for a bad URL only: a Redis
// that is down at start is not an error (the cache misses and reconnects; ping() reports it).
std::unique_ptr<Cache> openCache(const QString &url, QString *error);

} // namespace spk::server
