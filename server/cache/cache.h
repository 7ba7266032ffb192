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
    // ttlSeconds <= 0: no expiry. Failures are logged, never thrown (a cache is best effort).
    virtual void set(const QString &key, const QByteArray &value, int ttlSeconds) = 0;
    virtual void remove(const QStringList &keys) = 0;
    // Removes every key starting with prefix.
    virtual void removePrefix(const QString &prefix) = 0;
    virtual bool ping() = 0;
    virtual QString backendName() const = 0;
};

// url: "memory:" or "redis://[:password@]host:port[/db]". nullptr and *error for a bad URL only: a Redis
// that is down at start is not an error (the cache misses and reconnects; ping() reports it).
std::unique_ptr<Cache> openCache(const QString &url, QString *error);

} // namespace spk::server
