#pragma once
// protocol.md §5: the device WebSocket GET /ws/audio, the audio downlink. Devices authenticate with their
// secret (Authorization: Bearer + X-Device-Id, or ?device_id=&token=); a wrong pair is refused with
// HTTP 401 before the upgrade. One connection per device: a new one replaces (closes) the old.
// Keep-alive (WebSocketKeepAlive): the server pings every pingSeconds and closes a connection from which
// nothing was heard for idleSeconds — so a device that pings every 30 s, or merely answers our pings,
// stays connected.
#include "server/http/websocket_keepalive.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QWebSocket>

namespace spk::server {
class DeviceStore;
class HttpServer;
class Metrics;

class DeviceAudioHub : public QObject
{
    Q_OBJECT
public:
    DeviceAudioHub(DeviceStore &devices, Metrics &metrics, int pingSeconds, int idleSeconds,
                   QObject *parent = nullptr);
    ~DeviceAudioHub() override;

    void registerRoute(HttpServer &http);
    bool isConnected(const QString &deviceId) const { return sockets_.contains(deviceId); }
    // Sends one JSON text frame; false when the device has no open connection.
    bool send(const QString &deviceId, const QJsonObject &message);
    int connectionCount() const { return int(sockets_.size()); }
    // Closes the device's connection (tests, device deletion).
    void disconnectDevice(const QString &deviceId);

signals:
    void deviceConnected(const QString &deviceId);
    void deviceDisconnected(const QString &deviceId);

private:
    // The device id when (id, secret) is a valid pair, else empty.
    QString authenticate(const QByteArray &authorization, const QByteArray &deviceIdHeader,
                         const QUrlQuery &query);
    void accept(std::unique_ptr<QWebSocket> socket);
    void drop(QWebSocket *socket, const QString &why);

    DeviceStore &devices_;
    Metrics &metrics_;
    WebSocketKeepAlive keepAlive_;
    QHash<QString, QWebSocket *> sockets_; // device id -> its connection
    QHash<QWebSocket *, QString> owners_;  // connection -> device id
};

} // namespace spk::server
