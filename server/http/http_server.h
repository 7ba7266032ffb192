#pragma once
// spkd's HTTP front: a small router over QAbstractHttpServer. Routes are "METHOD /path/{param}";
// unknown paths get a JSON 404, known paths with another method a JSON 405, bodies over the limit a 413.
// WebSocket upgrades go to a registered upgrade handler, which can refuse with an HTTP status before
// the upgrade (Qt 6.4 upgrades every request whose handler returns true, so a refusal returns false).
#include "server/http/client_address.h"
#include "server/http/http_exchange.h"

#include <QAbstractHttpServer>
#include <QHostAddress>
#include <QWebSocket>
#include <functional>
#include <map>
#include <memory>
#include <vector>

namespace spk::server {
class Metrics;
class HttpRouteStats;

class HttpServer : public QAbstractHttpServer
{
    Q_OBJECT
public:
    using Handler = std::function<void(const ExchangePtr &)>;
    // Returns an empty error to accept; otherwise the refusal (status, code, message).
    using UpgradeCheck = std::function<spk::proto::ApiError(const QHttpServerRequest &)>;
    using UpgradeHandler = std::function<void(std::unique_ptr<QWebSocket>)>;

    explicit HttpServer(qint64 maxBodyBytes, Metrics *metrics = nullptr, QObject *parent = nullptr);

    void route(QHttpServerRequest::Method method, const QString &pattern, Handler handler);
    void webSocket(const QString &path, UpgradeCheck check, UpgradeHandler handler);

    // Requests from these peers are attributed to the client their X-Forwarded-For names.
    void setTrustedProxies(TrustedProxies proxies) { proxies_ = std::move(proxies); }
    QHostAddress clientAddress(const QHttpServerRequest &request) const;
    QHostAddress clientAddress(const QWebSocket &socket) const;

    // Returns the bound port (useful with port 0), or 0 on failure.
    quint16 listenOn(const QHostAddress &address, quint16 port);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    struct Route
    {
        QHttpServerRequest::Method method;
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
    bool handleUpgrade(const QHttpServerRequest &request, QTcpSocket *socket);
    void onNewWebSocket();
    static bool match(const QStringList &pattern, const QStringList &path, QHash<QString, QString> *params);
    // The stats of requests that matched no route (404, 405), one per method: bounded label values.
    std::shared_ptr<HttpRouteStats> unmatchedStats(QHttpServerRequest::Method method);

    qint64 maxBodyBytes_;
    Metrics *metrics_;
    TrustedProxies proxies_;
    std::vector<Route> routes_;
    std::vector<WsRoute> wsRoutes_;
    std::map<int, std::shared_ptr<HttpRouteStats>> unmatched_;
    QTcpSocket *refusedSocket_ = nullptr; // answered by an upgrade refusal; missingHandler must stay quiet
};

} // namespace spk::server
