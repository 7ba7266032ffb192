#include "server/http/http_server.h"

#include "server/core/dependency_faults.h"
#include "server/core/logging.h"
#include "server/core/metrics.h"
#include "server/http/connection_budget.h"
#include "server/http/http_connection.h"
#include "server/http/http_metrics.h"
#include "server/http/http_route_stats.h"

#include <QTcpServer>
#include <QWebSocketServer>

namespace spk::server {

namespace {
QStringList splitPath(const QString &path)
{
    return path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
}

HttpLimits withBodyLimit(qint64 maxBodyBytes)
{
    HttpLimits limits;
    limits.maxBodyBytes = maxBodyBytes;
    return limits;
}
} // namespace

HttpServer::HttpServer(qint64 maxBodyBytes, Metrics *metrics, QObject *parent)
    : HttpServer(withBodyLimit(maxBodyBytes), metrics, parent)
{
}

HttpServer::HttpServer(const HttpLimits &limits, Metrics *metrics, QObject *parent)
    : QObject(parent), limits_(limits), metrics_(metrics), refusals_(metrics),
      budget_(std::make_shared<ConnectionBudget>(limits.maxConnections, limits.maxConnectionsPerSource,
                                                 metrics ? &metrics->gauge(http_metrics::kConnections)
                                                         : nullptr)),
      webSockets_(new QWebSocketServer(QStringLiteral("spkd"), QWebSocketServer::NonSecureMode, this))
{
    connect(webSockets_, &QWebSocketServer::newConnection, this, &HttpServer::onNewWebSocket);
}

HttpServer::~HttpServer() = default;

void HttpServer::route(HttpRequest::Method method, const QString &pattern, Handler handler)
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

QHostAddress HttpServer::clientAddress(const HttpRequest &request) const
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
    connect(tcp, &QTcpServer::newConnection, this, [this, tcp] {
        while (QTcpSocket *socket = tcp->nextPendingConnection())
            accept(socket);
    });
    return tcp->serverPort();
}

void HttpServer::accept(QTcpSocket *socket)
{
    const QHostAddress peer = socket->peerAddress();
    auto *connection = new HttpConnection(socket, limits_, refusals_, this);
    if (!budget_->takeTotal()) {
        connection->refuse(HttpRefusal::TooManyConnections, 503, QStringLiteral("too_many_connections"),
                           QStringLiteral("the server holds its maximum of %1 connections; retry later")
                               .arg(limits_.maxConnections));
        return;
    }
    auto *slot = new ConnectionSlot(budget_, socket);
    // A trusted proxy carries many clients: its WebSockets take their client's slot at the upgrade.
    if (!proxies_.trusts(peer) && !slot->takeSource(peer)) {
        connection->refuse(HttpRefusal::TooManyConnectionsPerSource, 429,
                           QStringLiteral("too_many_connections"),
                           QStringLiteral("%1 holds its maximum of %2 connections; retry later")
                               .arg(peer.toString())
                               .arg(limits_.maxConnectionsPerSource));
        return;
    }
    connect(connection, &HttpConnection::requestReceived, this,
            [this, connection](const HttpRequest &request) { handleRequest(connection, request); });
    connect(connection, &HttpConnection::upgradeRequested, this,
            [this, connection](const HttpRequest &request) { handleUpgrade(connection, request); });
    connection->start();
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

void HttpServer::handleRequest(HttpConnection *connection, const HttpRequest &request)
{
    auto exchange = std::make_shared<HttpExchange>(request, connection, clientAddress(request));
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
    if (matched) {
        exchange->setParams(std::move(params));
        matched->handler(exchange);
        return;
    }
    if (pathKnown)
        exchange->replyError(405, QStringLiteral("method_not_allowed"),
                             QStringLiteral("this method is not allowed on %1").arg(exchange->path()));
    else
        exchange->replyError(404, QStringLiteral("not_found"),
                             QStringLiteral("no such endpoint: %1").arg(exchange->path()));
}

std::shared_ptr<HttpRouteStats> HttpServer::unmatchedStats(HttpRequest::Method method)
{
    if (!metrics_)
        return nullptr;
    auto &slot = unmatched_[int(method)];
    if (!slot)
        slot = std::make_shared<HttpRouteStats>(*metrics_, QStringLiteral("unmatched"),
                                                httpMethodName(int(method)));
    return slot;
}

void HttpServer::handleUpgrade(HttpConnection *connection, const HttpRequest &request)
{
    const QString path = request.url().path();
    const WsRoute *route = nullptr;
    for (const WsRoute &r : wsRoutes_)
        if (r.path == path)
            route = &r;
    if (!route) {
        connection->refuse(404, QStringLiteral("not_found"),
                           QStringLiteral("no such endpoint: %1").arg(path));
        return;
    }
    spk::proto::ApiError refusal;
    {
        DependencyFaultScope scope; // a token check that could not reach the database: 503, not 401
        refusal = route->check(request);
        if (scope.failed() && refusal.httpStatus < 500)
            refusal = databaseUnavailable();
    }
    if (refusal.httpStatus != 0) {
        connection->refuse(refusal.httpStatus, refusal.code, refusal.message);
        return;
    }
    QTcpSocket *socket = connection->releaseSocket();
    if (!socket)
        return;
    ConnectionSlot *slot = ConnectionSlot::of(socket);
    const QHostAddress client = clientAddress(request);
    if (slot && !slot->hasSource() && !slot->takeSource(client)) {
        // Through a trusted proxy: the client behind it already holds all its connections.
        auto *refused = new HttpConnection(socket, limits_, refusals_, this);
        refused->refuse(HttpRefusal::TooManyConnectionsPerSource, 429, QStringLiteral("too_many_connections"),
                        QStringLiteral("%1 holds its maximum of %2 connections; retry later")
                            .arg(client.toString())
                            .arg(limits_.maxConnectionsPerSource));
        return;
    }
    // The handshake bytes are still unread: QWebSocketServer reads them as if it had accepted the socket.
    webSockets_->handleConnection(socket);
    emit socket->readyRead();
}

void HttpServer::onNewWebSocket()
{
    while (webSockets_->hasPendingConnections()) {
        std::unique_ptr<QWebSocket> ws(webSockets_->nextPendingConnection());
        if (!ws)
            return;
        ws->setMaxAllowedIncomingFrameSize(quint64(limits_.wsMaxFrameBytes));
        ws->setMaxAllowedIncomingMessageSize(quint64(limits_.wsMaxMessageBytes));
        QWebSocket *raw = ws.get();
        connect(raw, &QWebSocket::disconnected, this, [this, raw] {
            if (raw->closeCode() == QWebSocketProtocol::CloseCodeTooMuchData)
                refusals_.record(HttpRefusal::WsMessageTooLarge, raw->peerAddress());
        });
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
