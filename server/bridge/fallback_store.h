#pragma once
// protocol.md §5 fallback: when a device has no open /ws/audio, its reply is kept as Ogg Opus behind a
// one-time URL (GET /audio/fallback/{token}, no other authentication: the 256-bit token is the
// credential) valid for ttlSeconds. The first successful download consumes it.
#include <QByteArray>
#include <QDeadlineTimer>
#include <QHash>
#include <QObject>
#include <QTimer>

namespace spk::server {
class HttpServer;
class Metrics;

class FallbackStore : public QObject
{
    Q_OBJECT
public:
    FallbackStore(Metrics &metrics, int ttlSeconds, QObject *parent = nullptr);

    void registerRoute(HttpServer &http);
    // Stores the audio; returns the path part of its URL ("/audio/fallback/<token>").
    QString put(const QByteArray &oggOpus);
    int size() const { return int(entries_.size()); }

private:
    void purgeExpired();

    Metrics &metrics_;
    int ttlMs_;
    QTimer purgeTimer_;
    struct Entry
    {
        QByteArray audio;
        QDeadlineTimer expires;
    };
    QHash<QString, Entry> entries_;
};

} // namespace spk::server
