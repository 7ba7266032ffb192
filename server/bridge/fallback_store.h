#pragma once
// protocol.md §5 fallback: when a device has no open /ws/audio, its reply is kept as Ogg Opus behind a
// one-time URL (GET /audio/fallback/{token}, no other authentication: the 256-bit token is the
// credential) valid for ttlSeconds. The first successful download consumes it.
// With a shared cache (Redis) the audio lives there, as the seed has it: out of the bridge's memory,
// and still served when the bridge behind the URL was restarted (same bridge.id, new process).
// Otherwise, or while Redis is away, it is held here, at most maxMemoryBytes (oldest dropped first).
#include <QByteArray>
#include <QDeadlineTimer>
#include <QHash>
#include <QObject>
#include <QTimer>
#include <deque>

namespace spk::server {
class Cache;
class HttpServer;
class Metrics;

class FallbackStore : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        int ttlSeconds = 60;
        qint64 maxMemoryBytes = 64LL << 20;
        Cache *cache = nullptr; // used only when Cache::isShared()
        QString cacheKeyPrefix; // cache.prefix
    };
    FallbackStore(Metrics &metrics, Options options, QObject *parent = nullptr);

    void registerRoute(HttpServer &http);
    // Stores the audio; returns the path part of its URL ("/audio/fallback/<token>").
    QString put(const QByteArray &oggOpus);
    int size() const { return int(entries_.size()); }
    qint64 memoryBytes() const { return memoryBytes_; }

private:
    std::optional<QByteArray> take(const QString &token);
    void holdInMemory(const QString &token, const QByteArray &audio);
    void drop(const QString &token);
    void purgeExpired();
    QString cacheKey(const QString &token) const;

    Metrics &metrics_;
    Options options_;
    QTimer purgeTimer_;
    struct Entry
    {
        QByteArray audio;
        QDeadlineTimer expires;
    };
    QHash<QString, Entry> entries_;
    std::deque<QString> order_; // tokens, oldest first (may name entries already taken)
    qint64 memoryBytes_ = 0;
};

} // namespace spk::server
