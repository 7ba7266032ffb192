#include "server/bridge/fallback_store.h"

#include "server/bridge/bridge_metrics.h"
#include "server/cache/cache.h"
#include "server/core/logging.h"
#include "server/core/metrics.h"
#include "server/http/http_server.h"

#include <sodium.h>

namespace spk::server {

FallbackStore::FallbackStore(Metrics &metrics, Options options, QObject *parent)
    : QObject(parent), metrics_(metrics), options_(std::move(options))
{
    if (options_.cache && !options_.cache->isShared())
        options_.cache = nullptr; // an in-process cache is just this store with extra copies
    purgeTimer_.setInterval(qMin(options_.ttlSeconds * 1000, 10000));
    connect(&purgeTimer_, &QTimer::timeout, this, &FallbackStore::purgeExpired);
    metrics_.gauge(bridge_metrics::kFallbackMemoryBytes).set(0);
}

void FallbackStore::registerRoute(HttpServer &http)
{
    http.route(QHttpServerRequest::Method::Get, QStringLiteral("/audio/fallback/{token}"),
               [this](const ExchangePtr &ex) {
                   const std::optional<QByteArray> audio = take(ex->param(QStringLiteral("token")));
                   if (!audio)
                       return ex->replyError(404, QStringLiteral("not_found"),
                                             QStringLiteral("unknown, used or expired audio link"));
                   metrics_.counter(bridge_metrics::kFallbackDownloads).inc();
                   ex->reply(200, "audio/ogg", *audio, {{"Cache-Control", "no-store"}});
               });
}

QString FallbackStore::put(const QByteArray &oggOpus)
{
    purgeExpired();
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    const QString token =
        QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(raw), sizeof raw)
                                .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    const bool shared = options_.cache && options_.cache->set(cacheKey(token), oggOpus, options_.ttlSeconds);
    if (!shared)
        holdInMemory(token, oggOpus);
    metrics_
        .counter(bridge_metrics::kFallbackReplies,
                 shared ? QStringLiteral("cache") : QStringLiteral("memory"))
        .inc();
    return QStringLiteral("/audio/fallback/") + token;
}

std::optional<QByteArray> FallbackStore::take(const QString &token)
{
    const auto it = entries_.find(token);
    if (it != entries_.end()) {
        const bool expired = it->expires.hasExpired();
        QByteArray audio = it->audio;
        drop(token);
        if (!expired)
            return audio;
        return std::nullopt;
    }
    if (options_.cache && !token.isEmpty())
        return options_.cache->take(cacheKey(token)); // GETDEL: one download among all bridges
    return std::nullopt;
}

void FallbackStore::holdInMemory(const QString &token, const QByteArray &audio)
{
    // Oldest first out: a burst of fallbacks (a Redis outage, many devices without /ws/audio) must not
    // grow the bridge without bound; a dropped link answers 404 like an expired one.
    while (memoryBytes_ + audio.size() > options_.maxMemoryBytes && !order_.empty()) {
        const QString oldest = order_.front();
        order_.pop_front();
        if (entries_.contains(oldest)) {
            drop(oldest);
            metrics_.counter(bridge_metrics::kFallbackEvicted).inc();
        }
    }
    if (audio.size() > options_.maxMemoryBytes) {
        metrics_.counter(bridge_metrics::kFallbackEvicted).inc();
        qCWarning(lcBridge) << "fallback reply of" << audio.size()
                            << "bytes exceeds bridge.fallback_max_bytes";
        return;
    }
    entries_.insert(token, {audio, QDeadlineTimer(options_.ttlSeconds * 1000)});
    order_.push_back(token);
    memoryBytes_ += audio.size();
    metrics_.gauge(bridge_metrics::kFallbackMemoryBytes).set(double(memoryBytes_));
    if (!purgeTimer_.isActive())
        purgeTimer_.start();
}

void FallbackStore::drop(const QString &token)
{
    const auto it = entries_.find(token);
    if (it == entries_.end())
        return;
    memoryBytes_ -= it->audio.size();
    entries_.erase(it);
    metrics_.gauge(bridge_metrics::kFallbackMemoryBytes).set(double(memoryBytes_));
}

void FallbackStore::purgeExpired()
{
    // Entries expire in insertion order (one TTL for all), so the front is always the oldest.
    while (!order_.empty()) {
        const auto it = entries_.constFind(order_.front());
        if (it != entries_.cend() && !it->expires.hasExpired())
            break;
        if (it != entries_.cend())
            drop(order_.front());
        order_.pop_front();
    }
    if (entries_.isEmpty())
        purgeTimer_.stop();
}

QString FallbackStore::cacheKey(const QString &token) const
{
    return options_.cacheKeyPrefix + QStringLiteral("fallback:") + token;
}

} // namespace spk::server
