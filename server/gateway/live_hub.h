#pragma once
// protocol.md §2: the live WebSocket for people (GET /ws). Each connection belongs to an authenticated
// caller and receives only events about devices that caller may see. The server pings every
// ping interval and drops a client silent for the idle timeout (WebSocketKeepAlive), or whose token expired.
#include "server/gateway/caller.h"
#include "server/http/websocket_keepalive.h"

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

    void accept(std::unique_ptr<QWebSocket> socket, const Caller &caller);
    // Sends {"type":…,"device_id":…, …} to every connection allowed to see deviceId.
    void publish(const QString &deviceId, const QJsonObject &message);
    int connectionCount() const { return clients_.size(); }
    // Logout: connections opened with this token close now.
    void dropToken(const QString &jti);

private:
    void dropExpiredTokens();
    void drop(QWebSocket *socket);

    DeviceDirectory &directory_;
    Metrics &metrics_;
    WebSocketKeepAlive keepAlive_;
    QHash<QWebSocket *, Caller> clients_;
};

} // namespace spk::server
