#include "server/http/http_server.h"

#include "server/core/dependency_faults.h"
#include "server/core/metrics.h"
#include "server/http/http_route_stats.h"

#include "server/core/logging.h"
#include <QTcpServer>

namespace spk::server {

namespace {
QStringList splitPath(const QString &path)
{
    return path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
}
} // namespace

HttpServer::HttpServer(qint64 maxBodyBytes, Metrics *metrics, QObject *parent)
    : QAbstractHttpServer(parent), maxBodyBytes_(maxBodyBytes), metrics_(metrics)
{
    connect(this, &QAbstractHttpServer::newWebSocketConnection, this, &HttpServer::onNewWebSocket);
}

void HttpServer::route(QHttpServerRequest::Method method, const QString &pattern, Handler handler)
{
    std::shared_ptr<HttpRouteStats> stats;
    if (metrics_)
        stats = std::make_shared<HttpRouteStats>(*metrics_, pattern, httpMethodName(int(method)));
    // A database failure while the handler runs turns its answer into 503 (dependency_faults.h).
    Handler guarded = [handler = std::move(handler)](const ExchangePtr &ex) {
        DependencyFaultScope scope;
        handler(ex);
        if (scope.failed())
            ex->noteDatabaseFailure(); // for an answer given later (e.g. after the password check)
    };
    routes_.push_back({method, splitPath(pattern), std::move(guarded), std::move(stats)});
}

void HttpServer::webSocket(const QString &path, UpgradeCheck check, UpgradeHandler handler)
{
    wsRoutes_.push_back({path, std::move(check), std::move(handler)});
}

QHostAddress HttpServer::clientAddress(const QHttpServerRequest &request) const
{
    if (proxies_.isEmpty())
        return request.remoteAddress();
    QByteArray forwarded;
    for (const auto &h : request.headers())
        if (h.first.compare("x-forwarded-for", Qt::CaseInsensitive) == 0)
            forwarded += (forwarded.isEmpty() ? "" : ",") + h.second;
    return proxies_.clientOf(request.remoteAddress(), forwarded);
}

QHostAddress HttpServer::clientAddress(const QWebSocket &socket) const
{
    if (proxies_.isEmpty())
        return socket.peerAddress();
    return proxies_.clientOf(socket.peerAddress(), socket.request().rawHeader("X-Forwarded-For"));
}

quint16 HttpServer::listenOn(const QHostAddress &address, quint16 port)
{
    auto *tcp = new QTcpServer(this);
    if (!tcp->listen(address, port)) {
        qCCritical(lcGateway) << "cannot listen on" << address.toString() << port << ":"
                              << tcp->errorString();
        delete tcp;
        return 0;
    }
    bind(tcp);
    return tcp->serverPort();
}

bool HttpServer::match(const QStringList &pattern, const QStringList &path, QHash<QString, QString> *params)
{
    if (pattern.size() != path.size())
        return false;
    for (int i = 0; i < pattern.size(); ++i) {
        const QString &p = pattern[i];
        if (p.startsWith(QLatin1Char('{')) && p.endsWith(QLatin1Char('}'))) {
            params->insert(p.mid(1, p.size() - 2), path[i]);
        } else if (p != path[i]) {
            return false;
        }
    }
    return true;
}

bool HttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    if (request.value(QByteArrayLiteral("upgrade")).compare("websocket", Qt::CaseInsensitive) == 0)
        return handleUpgrade(request, socket);

    auto exchange = std::make_shared<HttpExchange>(request, makeResponder(request, socket), socket,
                                                   clientAddress(request));
    const QStringList segments = splitPath(exchange->path());
    const Route *matched = nullptr;
    QHash<QString, QString> params;
    bool pathKnown = false;
    for (const Route &r : routes_) {
        params.clear();
        if (!match(r.segments, segments, &params))
            continue;
        pathKnown = true;
        if (r.method == request.method()) {
            matched = &r;
            break;
        }
    }
    exchange->setStats(matched ? matched->stats : unmatchedStats(request.method()));
    if (request.body().size() > maxBodyBytes_) {
        exchange->replyError(413, QStringLiteral("body_too_large"),
                             QStringLiteral("request body exceeds %1 bytes").arg(maxBodyBytes_));
        return true;
    }
    if (matched) {
        exchange->setParams(std::move(params));
        matched->handler(exchange);
        return true;
    }
    if (pathKnown)
        exchange->replyError(405, QStringLiteral("method_not_allowed"),
                             QStringLiteral("this method is not allowed on %1").arg(exchange->path()));
    else
        exchange->replyError(404, QStringLiteral("not_found"),
                             QStringLiteral("no such endpoint: %1").arg(exchange->path()));
    return true;
}

std::shared_ptr<HttpRouteStats> HttpServer::unmatchedStats(QHttpServerRequest::Method method)
{
    if (!metrics_)
        return nullptr;
    auto &slot = unmatched_[int(method)];
    if (!slot)
        slot = std::make_shared<HttpRouteStats>(*metrics_, QStringLiteral("unmatched"),
                                                httpMethodName(int(method)));
    return slot;
}

bool HttpServer::handleUpgrade(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const QString path = request.url().path();
    for (const WsRoute &r : wsRoutes_) {
        if (r.path != path)
            continue;
        spk::proto::ApiError refusal;
        {
            DependencyFaultScope scope;
            refusal = r.check(request);
            if (scope.failed() && refusal.httpStatus < 500)
                refusal = databaseUnavailable();
        }
        if (refusal.httpStatus == 0)
            return true; // Qt now performs the upgrade and emits newWebSocketConnection
        HttpExchange exchange(request, makeResponder(request, socket), socket, clientAddress(request));
        exchange.replyError(refusal);
        refusedSocket_ = socket;
        return false; // no upgrade; Qt calls missingHandler and closes the connection
    }
    return false;
}

void HttpServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    if (socket == refusedSocket_) {
        refusedSocket_ = nullptr;
        return;
    }
    HttpExchange exchange(request, makeResponder(request, socket), socket, clientAddress(request));
    exchange.replyError(404, QStringLiteral("not_found"),
                        QStringLiteral("no such endpoint: %1").arg(request.url().path()));
}

void HttpServer::onNewWebSocket()
{
    while (hasPendingWebSocketConnections()) {
        std::unique_ptr<QWebSocket> ws = nextPendingWebSocketConnection();
        if (!ws)
            return;
        const QString path = ws->requestUrl().path();
        bool handled = false;
        for (const WsRoute &r : wsRoutes_) {
            if (r.path == path) {
                r.handler(std::move(ws));
                handled = true;
                break;
            }
        }
        if (!handled && ws)
            ws->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("unknown path"));
    }
}

} // namespace spk::server
