#pragma once
// The one WebSocket keep-alive of spkd, for the people's /ws (LiveHub) and the devices' /ws/audio
// (DeviceAudioHub): every ping interval each watched socket is pinged, and one from which nothing (pong,
// ping answer, any message) was heard for the idle timeout is handed to the owner to close. So a client
// that merely answers our pings, as every WebSocket stack does, stays connected.
#include <QHash>
#include <QObject>
#include <QTimer>
#include <QWebSocket>

#include <functional>

namespace spk::server {

class WebSocketKeepAlive : public QObject
{
    Q_OBJECT
public:
    // onSilent closes and forgets the socket (the owner's log line and close reason).
    WebSocketKeepAlive(int pingSeconds, int idleSeconds, std::function<void(QWebSocket *)> onSilent,
                       QObject *parent = nullptr);

    // Starts watching: heard now, and again at every pong or message.
    void watch(QWebSocket *socket);
    void forget(QWebSocket *socket);
    // Shutdown: closes and deletes every watched socket, after cutting it from `owner`'s slots.
    void closeAll(QObject *owner);

signals:
    // Each tick, before the pings: the owner may close sockets for reasons of its own (an expired token).
    void aboutToPing();

private:
    void onTick();

    std::function<void(QWebSocket *)> onSilent_;
    int idleMs_;
    QTimer timer_;
    QHash<QWebSocket *, qint64> lastHeardMs_;
};

} // namespace spk::server
