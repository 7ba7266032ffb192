#include "server/gateway/live_hub.h"

#include "server/core/logging.h"
#include "server/core/metrics.h"
#include "server/gateway/device_directory.h"
#include "server/gateway/gateway_metrics.h"

#include <QDateTime>
#include <QJsonDocument>

namespace spk::server {

LiveHub::LiveHub(DeviceDirectory &directory, Metrics &metrics, int pingSeconds, int idleTimeoutSeconds,
                 QObject *parent)
    : QObject(parent), directory_(directory), metrics_(metrics),
      keepAlive_(pingSeconds, idleTimeoutSeconds, [this](QWebSocket *s) {
          qCInfo(lcLive) << "dropping silent client" << clients_.value(s).username;
          s->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("no pong for too long"));
          drop(s);
      })
{
    connect(&keepAlive_, &WebSocketKeepAlive::aboutToPing, this, &LiveHub::dropExpiredTokens);
}

LiveHub::~LiveHub()
{
    keepAlive_.closeAll(this);
}

void LiveHub::accept(std::unique_ptr<QWebSocket> socket, const Caller &caller)
{
    QWebSocket *ws = socket.release();
    ws->setParent(this);
    clients_.insert(ws, caller);
    keepAlive_.watch(ws); // clients may send anything; it proves life
    connect(ws, &QWebSocket::disconnected, this, [this, ws] { drop(ws); });
    metrics_.gauge(gateway_metrics::kLiveConnections).set(clients_.size());
    qCInfo(lcLive) << caller.username << "connected to /ws from" << caller.source;
}

void LiveHub::drop(QWebSocket *socket)
{
    if (clients_.remove(socket) == 0)
        return;
    keepAlive_.forget(socket);
    socket->deleteLater();
    metrics_.gauge(gateway_metrics::kLiveConnections).set(clients_.size());
}

void LiveHub::publish(const QString &deviceId, const QJsonObject &message)
{
    if (clients_.isEmpty())
        return;
    const auto owner = directory_.ownerOf(deviceId);
    const QString text = QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact));
    for (auto it = clients_.cbegin(); it != clients_.cend(); ++it) {
        const Caller &c = it.value();
        if (c.seesAllDevices() || (owner && *owner == c.id))
            it.key()->sendTextMessage(text);
    }
}

void LiveHub::dropToken(const QString &jti)
{
    const auto sockets = clients_.keys();
    for (QWebSocket *s : sockets) {
        if (clients_.value(s).jti == jti) {
            s->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("logged out"));
            drop(s);
        }
    }
}

void LiveHub::dropExpiredTokens()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const auto sockets = clients_.keys();
    for (QWebSocket *s : sockets) {
        if (clients_.value(s).expiresAt.toMSecsSinceEpoch() < now) {
            s->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("token expired"));
            drop(s);
        }
    }
}

} // namespace spk::server
