#include "server/bridge/fallback_store.h"

#include "server/bridge/bridge_metrics.h"
#include "server/core/metrics.h"
#include "server/http/http_server.h"

#include <sodium.h>

namespace spk::server {

FallbackStore::FallbackStore(Metrics &metrics, int ttlSeconds, QObject *parent)
    : QObject(parent), metrics_(metrics), ttlMs_(ttlSeconds * 1000)
{
    purgeTimer_.setInterval(qMin(ttlMs_, 10000));
    connect(&purgeTimer_, &QTimer::timeout, this, &FallbackStore::purgeExpired);
}

void FallbackStore::registerRoute(HttpServer &http)
{
    http.route(QHttpServerRequest::Method::Get, QStringLiteral("/audio/fallback/{token}"),
               [this](const ExchangePtr &ex) {
                   const auto it = entries_.find(ex->param(QStringLiteral("token")));
                   if (it == entries_.end() || it->expires.hasExpired()) {
                       if (it != entries_.end())
                           entries_.erase(it);
                       return ex->replyError(404, QStringLiteral("not_found"),
                                             QStringLiteral("unknown, used or expired audio link"));
                   }
                   const QByteArray audio = it->audio;
                   entries_.erase(it); // one time
                   metrics_.counter(bridge_metrics::kFallbackDownloads).inc();
                   ex->reply(200, "audio/ogg", audio, {{"Cache-Control", "no-store"}});
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
    entries_.insert(token, {oggOpus, QDeadlineTimer(ttlMs_)});
    if (!purgeTimer_.isActive())
        purgeTimer_.start();
    metrics_.counter(bridge_metrics::kFallbackReplies).inc();
    return QStringLiteral("/audio/fallback/") + token;
}

void FallbackStore::purgeExpired()
{
    for (auto it = entries_.begin(); it != entries_.end();) {
        if (it->expires.hasExpired())
            it = entries_.erase(it);
        else
            ++it;
    }
    if (entries_.isEmpty())
        purgeTimer_.stop();
}

} // namespace spk::server
