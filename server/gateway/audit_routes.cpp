// GET /api/audit
#include "server/gateway/authenticator.h"
#include "server/gateway/gateway_services.h"
#include "server/gateway/json_views.h"
#include "server/http/http_server.h"
#include "server/storage/audit_store.h"

#include <QJsonArray>

namespace spk::server {

namespace {

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

void registerAuditRoutes(HttpServer &http, GatewayServices &s)
{
    http.route(QHttpServerRequest::Method::Get, QStringLiteral("/api/audit"),
               [&s](const ExchangePtr &ex) { audit(s, ex); });
}

} // namespace spk::server
