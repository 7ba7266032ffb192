#include "server/http/http_refusals.h"

#include "server/core/logging.h"
#include "server/core/metrics.h"
#include "server/http/http_metrics.h"

namespace spk::server {

HttpRefusals::HttpRefusals(Metrics *metrics)
{
    if (!metrics)
        return;
    for (size_t i = 0; i < slots_.size(); ++i)
        slots_[i].counter = &metrics->counter(http_metrics::kRefused, name(HttpRefusal(i)));
}

QString HttpRefusals::name(HttpRefusal reason)
{
    switch (reason) {
    case HttpRefusal::BadRequest:
        return QStringLiteral("bad_request");
    case HttpRefusal::BodyTooLarge:
        return QStringLiteral("body_too_large");
    case HttpRefusal::UriTooLong:
        return QStringLiteral("uri_too_long");
    case HttpRefusal::TooManyHeaders:
        return QStringLiteral("too_many_headers");
    case HttpRefusal::HeadersTooLarge:
        return QStringLiteral("headers_too_large");
    case HttpRefusal::HeaderTimeout:
        return QStringLiteral("header_timeout");
    case HttpRefusal::BodyTimeout:
        return QStringLiteral("body_timeout");
    case HttpRefusal::IdleTimeout:
        return QStringLiteral("idle_timeout");
    case HttpRefusal::TooManyConnections:
        return QStringLiteral("too_many_connections");
    case HttpRefusal::TooManyConnectionsPerSource:
        return QStringLiteral("too_many_connections_per_source");
    case HttpRefusal::WsMessageTooLarge:
        return QStringLiteral("ws_message_too_large");
    case HttpRefusal::Count:
        break;
    }
    return QStringLiteral("other");
}

void HttpRefusals::record(HttpRefusal reason, const QHostAddress &source)
{
    Slot &slot = slots_[size_t(reason)];
    if (slot.counter)
        slot.counter->inc();
    if (reason == HttpRefusal::IdleTimeout)
        return; // closing an idle keep-alive connection is routine: counted, never logged
    if (slot.lastLog.isValid() && slot.lastLog.elapsed() < kLogIntervalMs) {
        ++slot.unlogged;
        return;
    }
    qCWarning(lcGateway).noquote()
        << "http: refused" << name(reason) << "from" << source.toString()
        << QStringLiteral("(%1 more of these since the last line)").arg(slot.unlogged);
    slot.unlogged = 0;
    slot.lastLog.start();
}

} // namespace spk::server
