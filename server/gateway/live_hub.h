#pragma once
// protocol.md §2: the live WebSocket for people (GET /ws). Each connection belongs to an authenticated
// caller and receives only events about devices that caller may see. The server pings every
// ping interval and drops a client silent for the idle timeout (WebSocketKeepAlive), or whose token expired.
// Connections per user and per token are capped (ws.max_connections_per_user / _per_token; 0 = no cap):
// refused before the upgrade with 429 too_many_connections, counted in spk_live_refused_total{cap}.
#include "server/gateway/caller.h"
#include "server/http/websocket_keepalive.h"
#include "shared/protocol/api_error.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QWebSocket>
#include <memory>

namespace spk::server {
class DeviceDirectory;
class Metrics;

class LiveHub : public QObject
{
    Q_OBJECT
public:
    LiveHub(DeviceDirectory &directory, Metrics &metrics, int pingSeconds, int idleTimeoutSeconds,
            QObject *parent = nullptr);
    ~LiveHub() override;

    void setConnectionCaps(int perUser, int perToken);
    // The refusal (429) when the caller may open no more connections; empty when they may.
    spk::proto::ApiError admission(const Caller &caller);
    // Closes the socket instead when a cap was reached meanwhile (between check and upgrade).
    void accept(std::unique_ptr<QWebSocket> socket, const Caller &caller);
    // Sends {"type":…,"device_id":…, …} to every connection allowed to see deviceId.
    void publish(const QString &deviceId, const QJsonObject &message);
    int connectionCount() const { return clients_.size(); }
    // Logout: connections opened with this token close now.
    void dropToken(const QString &jti);
    // The user was removed, or their role or password changed: all their connections close now.
    void dropUser(qint64 userId, const QString &why);

private:
    void dropExpiredTokens();
    void drop(QWebSocket *socket);

    DeviceDirectory &directory_;
    Metrics &metrics_;
    WebSocketKeepAlive keepAlive_;
    QHash<QWebSocket *, Caller> clients_;
    QHash<qint64, int> perUser_;
    QHash<QString, int> perToken_;
    int maxPerUser_ = 0, maxPerToken_ = 0;
};

} // namespace spk::server
