#include "server/app/ops_routes.h"

#include "server/core/metrics.h"
#include "server/http/http_server.h"
#include "server/mqtt/mqtt_client.h"
#include "server/storage/database.h"

#include <QJsonObject>
#include <memory>

namespace spk::server {

namespace {

void readyz(const OpsProbes &p, const ExchangePtr &ex)
{
    const bool db = p.db.ping();
    const bool broker = p.mqtt.isConnected();
    QJsonObject checks{{QStringLiteral("database"), db}, {QStringLiteral("broker"), broker}};
    // Reported, but no reason to take the replica out of service: without Redis spkd degrades to the
    // database, and failing readiness would take every replica out at once.
    if (p.cacheReachable)
        checks.insert(QStringLiteral("cache"), p.cacheReachable());
    if (db && broker)
        return ex->replyJson(
            200, {{QStringLiteral("status"), QStringLiteral("ready")}, {QStringLiteral("checks"), checks}});
    QStringList down;
    for (const char *name : {"database", "broker"})
        if (!checks.value(QLatin1String(name)).toBool())
            down << QLatin1String(name);
    QJsonObject err{
        {QStringLiteral("code"), QStringLiteral("not_ready")},
        {QStringLiteral("message"), QStringLiteral("unreachable: %1").arg(down.join(QStringLiteral(", ")))}};
    ex->replyJson(503, {{QStringLiteral("error"), err}, {QStringLiteral("checks"), checks}});
}

} // namespace

void registerOpsRoutes(HttpServer &http, OpsProbes probes)
{
    using M = QHttpServerRequest::Method;
    const auto p = std::make_shared<OpsProbes>(std::move(probes));
    http.route(M::Get, QStringLiteral("/healthz"), [](const ExchangePtr &ex) {
        ex->replyJson(200, {{QStringLiteral("status"), QStringLiteral("ok")}});
    });
    http.route(M::Get, QStringLiteral("/readyz"), [p](const ExchangePtr &ex) { readyz(*p, ex); });
    http.route(M::Get, QStringLiteral("/metrics"), [p](const ExchangePtr &ex) {
        if (!p->metricsPublic && !p->allowMetrics(ex))
            return;
        ex->reply(200, QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8"), p->metrics.render());
    });
}

} // namespace spk::server
