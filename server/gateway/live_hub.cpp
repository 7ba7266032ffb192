#include "server/gateway/live_hub.h"

#include "server/core/logging.h"
#include "server/core/metrics.h"
#include "server/gateway/device_directory.h"

#include <QDateTime>
#include <QJsonDocument>

namespace spk::server {

LiveHub::LiveHub(DeviceDirectory &directory, Metrics &metrics, int pingSeconds, int idleTimeoutSeconds,
                 QObject *parent)
    : QObject(parent), directory_(directory), metrics_(metrics), idleTimeoutMs_(idleTimeoutSeconds * 1000)
{
    pingTimer_.setInterval(pingSeconds * 1000);
    connect(&pingTimer_, &QTimer::timeout, this, &LiveHub::onPingTimer);
    pingTimer_.start();
}

LiveHub::~LiveHub()
{
    const auto sockets = clients_.keys();
    for (QWebSocket *s : sockets) {
        s->disconnect(this);
        s->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("server shutting down"));
        delete s;
    }
}

void LiveHub::accept(std::unique_ptr<QWebSocket> socket, const Caller &caller)
{
    QWebSocket *ws = socket.release();
    ws->setParent(this);
    clients_.insert(ws, {caller, QDateTime::currentMSecsSinceEpoch()});
    auto heard = [this, ws] {
        auto it = clients_.find(ws);
        if (it != clients_.end())
            it->lastHeardMs = QDateTime::currentMSecsSinceEpoch();
    };
    connect(ws, &QWebSocket::pong, this, heard);
    connect(ws, &QWebSocket::textMessageReceived, this, heard); // clients may send anything; it proves life
    connect(ws, &QWebSocket::binaryMessageReceived, this, heard);
    connect(ws, &QWebSocket::disconnected, this, [this, ws] { drop(ws); });
    metrics_.gauge(QStringLiteral("spk_live_connections"), QStringLiteral("Open live WebSocket connections"))
        .set(clients_.size());
    qCInfo(lcLive) << caller.username << "connected to /ws from" << caller.source;
}

void LiveHub::drop(QWebSocket *socket)
{
    if (clients_.remove(socket) == 0)
        return;
    socket->deleteLater();
    metrics_.gauge(QStringLiteral("spk_live_connections"), QStringLiteral("Open live WebSocket connections"))
        .set(clients_.size());
}

void LiveHub::publish(const QString &deviceId, const QJsonObject &message)
{
    if (clients_.isEmpty())
        return;
    const auto owner = directory_.ownerOf(deviceId);
    const QString text = QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact));
    for (auto it = clients_.cbegin(); it != clients_.cend(); ++it) {
        const Caller &c = it->caller;
        if (c.seesAllDevices() || (owner && *owner == c.id))
            it.key()->sendTextMessage(text);
    }
}

void LiveHub::dropToken(const QString &jti)
{
    const auto sockets = clients_.keys();
    for (QWebSocket *s : sockets) {
        if (clients_.value(s).caller.jti == jti) {
            s->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("logged out"));
            drop(s);
        }
    }
}

void LiveHub::onPingTimer()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const auto sockets = clients_.keys();
    for (QWebSocket *s : sockets) {
        if (clients_.value(s).caller.expiresAt.toMSecsSinceEpoch() < now) {
            s->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("token expired"));
            drop(s);
            continue;
        }
        if (now - clients_.value(s).lastHeardMs > idleTimeoutMs_) {
            qCInfo(lcLive) << "dropping silent client" << clients_.value(s).caller.username;
            s->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("no pong for too long"));
            drop(s);
            continue;
        }
        s->ping();
    }
}

} // namespace spk::server
