#pragma once
// The in-process cache ("memory:"): a hash with per-entry expiry, safe to use from any thread.
#include "server/cache/cache.h"

#include <QElapsedTimer>
#include <QHash>
#include <QMutex>

namespace spk::server {

class MemoryCache : public Cache
{
public:
    MemoryCache();
    std::optional<QByteArray> get(const QString &key) override;
    std::optional<QByteArray> take(const QString &key) override;
    // ttlSeconds <= 0: the entry never expires.
    bool set(const QString &key, const QByteArray &value, int ttlSeconds) override;
    void remove(const QStringList &keys) override;
    void removePrefix(const QString &prefix) override;
    bool ping() override { return true; }
    std::optional<bool> exists(const QString &key) override { return get(key).has_value(); }
    std::optional<qint64> increment(const QString &key, int ttlSeconds) override;
    std::optional<qint64> decrement(const QString &key) override;
    std::optional<int> secondsToLive(const QString &key) override;
    bool isShared() const override { return false; }
    QString backendName() const override { return QStringLiteral("memory"); }

    int size(); // entries held, expired ones not yet swept included

private:
    struct Entry
    {
        QByteArray value;
        qint64 expiresAtMs = 0; // on clock_; 0 = never
    };
    bool isExpired(const Entry &e, qint64 now) const { return e.expiresAtMs != 0 && e.expiresAtMs <= now; }
    void sweepExpired(qint64 now);

    QMutex mutex_;
    QHash<QString, Entry> entries_;
    QElapsedTimer clock_; // monotonic: wall-clock jumps neither expire nor revive entries
    int setsSinceSweep_ = 0;
};

} // namespace spk::server
