#include "server/http/websocket_keepalive.h"

#include <QDateTime>

namespace spk::server {

namespace {
qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}
} // namespace

WebSocketKeepAlive::WebSocketKeepAlive(int pingSeconds, int idleSeconds,
                                       std::function<void(QWebSocket *)> onSilent, QObject *parent)
    : QObject(parent), onSilent_(std::move(onSilent)), idleMs_(idleSeconds * 1000)
{
    timer_.setInterval(pingSeconds * 1000);
    connect(&timer_, &QTimer::timeout, this, &WebSocketKeepAlive::onTick);
    timer_.start();
}

void WebSocketKeepAlive::watch(QWebSocket *socket)
{
    lastHeardMs_.insert(socket, nowMs());
    auto heard = [this, socket] {
        auto it = lastHeardMs_.find(socket);
        if (it != lastHeardMs_.end())
            *it = nowMs();
    };
    connect(socket, &QWebSocket::pong, this, heard);
    connect(socket, &QWebSocket::textMessageReceived, this, heard); // anything proves life
    connect(socket, &QWebSocket::binaryMessageReceived, this, heard);
}

void WebSocketKeepAlive::forget(QWebSocket *socket)
{
    if (lastHeardMs_.remove(socket) > 0)
        socket->disconnect(this);
}

void WebSocketKeepAlive::closeAll(QObject *owner)
{
    const auto sockets = lastHeardMs_.keys();
    lastHeardMs_.clear();
    for (QWebSocket *s : sockets) {
        s->disconnect(owner);
        s->disconnect(this);
        s->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("server shutting down"));
        delete s;
    }
}

void WebSocketKeepAlive::onTick()
{
    emit aboutToPing();
    const qint64 now = nowMs();
    const auto sockets = lastHeardMs_.keys();
    for (QWebSocket *s : sockets) {
        const auto it = lastHeardMs_.constFind(s);
        if (it == lastHeardMs_.cend())
            continue; // forgotten by an earlier onSilent_
        if (now - *it > idleMs_) {
            onSilent_(s);
            continue;
        }
        s->ping();
    }
}

} // namespace spk::server
