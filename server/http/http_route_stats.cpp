#include "server/http/http_route_stats.h"

#include "server/core/metrics.h"
#include "server/http/http_metrics.h"

#include <QHttpServerRequest>

namespace spk::server {

HttpRouteStats::HttpRouteStats(Metrics &metrics, QString route, QString method)
    : metrics_(metrics), route_(std::move(route)), method_(std::move(method)),
      latency_(metrics.histogram(http_metrics::kRequestSeconds, QStringList{route_, method_}))
{
}

void HttpRouteStats::record(int status, double elapsedSeconds)
{
    latency_.observe(elapsedSeconds);
    Counter *counter = nullptr;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        for (const auto &[code, c] : byStatus_)
            if (code == status) {
                counter = c;
                break;
            }
        if (!counter) {
            counter = &metrics_.counter(http_metrics::kRequests,
                                        QStringList{route_, method_, QString::number(status)});
            byStatus_.emplace_back(status, counter);
        }
    }
    counter->inc();
}

QString httpMethodName(int qtMethod)
{
    using M = QHttpServerRequest::Method;
    switch (M(qtMethod)) {
    case M::Get:
        return QStringLiteral("GET");
    case M::Put:
        return QStringLiteral("PUT");
    case M::Delete:
        return QStringLiteral("DELETE");
    case M::Post:
        return QStringLiteral("POST");
    case M::Head:
        return QStringLiteral("HEAD");
    case M::Options:
        return QStringLiteral("OPTIONS");
    case M::Patch:
        return QStringLiteral("PATCH");
    case M::Connect:
        return QStringLiteral("CONNECT");
    case M::Trace:
        return QStringLiteral("TRACE");
    default:
        return QStringLiteral("OTHER");
    }
}

} // namespace spk::server
