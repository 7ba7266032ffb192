#pragma once
// spkd's HTTP front: a small router over our own HTTP/1.1 connections (HttpConnection) on QTcpServer.
// Routes are "METHOD /path/{param}"; unknown paths get a JSON 404, known paths with another method a
// JSON 405, and every limit of HttpLimits (body, URL, headers, time-outs, connection caps) is enforced
// before a route sees the request (docs/configuration.md, http.*). WebSocket upgrades go to a
// registered upgrade handler, which can refuse with an HTTP status before the upgrade; accepted ones
// are completed by a QWebSocketServer and get the WebSocket frame and message limits.
#include "server/core/http_limits.h"
#include "server/http/client_address.h"
#include "server/http/http_exchange.h"
#include "server/http/http_refusals.h"
#include "server/http/http_request.h"

#include <QHostAddress>
#include <QObject>
#include <QWebSocket>
#include <functional>
#include <map>
#include <memory>
#include <vector>

class QWebSocketServer;

namespace spk::server {
class ConnectionBudget;
class HttpConnection;
class Metrics;
class HttpRouteStats;

class HttpServer : public QObject
{
    Q_OBJECT
public:
    using Handler = std::function<void(const ExchangePtr &)>;
    // Returns an empty error to accept; otherwise the refusal (status, code, message).
    using UpgradeCheck = std::function<spk::proto::ApiError(const HttpRequest &)>;
    using UpgradeHandler = std::function<void(std::unique_ptr<QWebSocket>)>;

    explicit HttpServer(qint64 maxBodyBytes, Metrics *metrics = nullptr, QObject *parent = nullptr);
    explicit HttpServer(const HttpLimits &limits, Metrics *metrics = nullptr, QObject *parent = nullptr);
    ~HttpServer() override;

    void route(HttpRequest::Method method, const QString &pattern, Handler handler);
    void webSocket(const QString &path, UpgradeCheck check, UpgradeHandler handler);

    // Requests from these peers are attributed to the client their X-Forwarded-For names.
    void setTrustedProxies(TrustedProxies proxies) { proxies_ = std::move(proxies); }
    QHostAddress clientAddress(const HttpRequest &request) const;
    QHostAddress clientAddress(const QWebSocket &socket) const;

    // Returns the bound port (useful with port 0), or 0 on failure.
    quint16 listenOn(const QHostAddress &address, quint16 port);

private:
    struct Route
    {
        HttpRequest::Method method;
        QStringList segments;
        Handler handler;
        std::shared_ptr<HttpRouteStats> stats; // null without metrics
    };
    struct WsRoute
    {
        QString path;
        UpgradeCheck check;
        UpgradeHandler handler;
    };
    void accept(QTcpSocket *socket);
    void handleRequest(HttpConnection *connection, const HttpRequest &request);
    void handleUpgrade(HttpConnection *connection, const HttpRequest &request);
    void onNewWebSocket();
    static bool match(const QStringList &pattern, const QStringList &path, QHash<QString, QString> *params);
    // The stats of requests that matched no route (404, 405), one per method: bounded label values.
    std::shared_ptr<HttpRouteStats> unmatchedStats(HttpRequest::Method method);

    HttpLimits limits_;
    Metrics *metrics_;
    HttpRefusals refusals_;
    std::shared_ptr<ConnectionBudget> budget_;
    QWebSocketServer *webSockets_;
    TrustedProxies proxies_;
    std::vector<Route> routes_;
    std::vector<WsRoute> wsRoutes_;
    std::map<int, std::shared_ptr<HttpRouteStats>> unmatched_;
};

} // namespace spk::server
