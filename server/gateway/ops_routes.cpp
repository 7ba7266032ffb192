// GET /healthz, /readyz, /metrics, /api/audit
#include "server/core/metrics.h"
#include "server/gateway/authenticator.h"
#include "server/gateway/gateway_services.h"
#include "server/gateway/json_views.h"
#include "server/http/http_server.h"
#include "server/storage/audit_store.h"
#include "server/storage/database.h"

#include <QJsonArray>

namespace spk::server {

namespace {

void readyz(GatewayServices &s, const ExchangePtr &ex)
{
    const bool db = s.db.ping();
    const bool broker = !s.brokerReachable || s.brokerReachable();
    const bool cache = !s.cacheReachable || s.cacheReachable();
    const QJsonObject checks{{QStringLiteral("database"), db},
                             {QStringLiteral("broker"), broker},
                             {QStringLiteral("cache"), cache}};
    if (db && broker && cache)
        return ex->replyJson(
            200, {{QStringLiteral("status"), QStringLiteral("ready")}, {QStringLiteral("checks"), checks}});
    QStringList down;
    for (auto it = checks.begin(); it != checks.end(); ++it)
        if (!it.value().toBool())
            down << it.key();
    QJsonObject err{
        {QStringLiteral("code"), QStringLiteral("not_ready")},
        {QStringLiteral("message"), QStringLiteral("unreachable: %1").arg(down.join(QStringLiteral(", ")))}};
    ex->replyJson(503, {{QStringLiteral("error"), err}, {QStringLiteral("checks"), checks}});
}

void metrics(GatewayServices &s, const ExchangePtr &ex)
{
    if (!s.config.metricsPublic && !s.authn.requireRole(ex, {roles::kAdmin}))
        return;
    ex->reply(200, QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8"), s.metrics.render());
}

void audit(GatewayServices &s, const ExchangePtr &ex)
{
    if (!s.authn.requireRole(ex, {roles::kAdmin}))
        return;
    int limit = 100;
    qint64 before = 0;
    const QUrlQuery &q = ex->query();
    bool ok = true;
    if (q.hasQueryItem(QStringLiteral("limit")))
        limit = q.queryItemValue(QStringLiteral("limit")).toInt(&ok);
    if (!ok || limit < 1 || limit > 1000)
        return ex->replyError(400, QStringLiteral("invalid_input"),
                              QStringLiteral("'limit' must be 1 to 1000"));
    if (q.hasQueryItem(QStringLiteral("before")))
        before = q.queryItemValue(QStringLiteral("before")).toLongLong(&ok);
    if (!ok || before < 0)
        return ex->replyError(400, QStringLiteral("invalid_input"),
                              QStringLiteral("'before' must be an entry id"));
    QJsonArray arr;
    const auto entries = s.auditStore.list(limit, before);
    for (const AuditRecord &a : entries)
        arr.append(auditJson(a));
    const QJsonValue next =
        entries.size() == limit ? QJsonValue(QString::number(entries.last().id)) : QJsonValue();
    ex->replyJson(200, {{QStringLiteral("entries"), arr}, {QStringLiteral("next"), next}});
}

} // namespace

void registerOpsRoutes(HttpServer &http, GatewayServices &s)
{
    using M = QHttpServerRequest::Method;
    http.route(M::Get, QStringLiteral("/healthz"), [](const ExchangePtr &ex) {
        ex->replyJson(200, {{QStringLiteral("status"), QStringLiteral("ok")}});
    });
    http.route(M::Get, QStringLiteral("/readyz"), [&s](const ExchangePtr &ex) { readyz(s, ex); });
    http.route(M::Get, QStringLiteral("/metrics"), [&s](const ExchangePtr &ex) { metrics(s, ex); });
    http.route(M::Get, QStringLiteral("/api/audit"), [&s](const ExchangePtr &ex) { audit(s, ex); });
}

} // namespace spk::server
