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

void LiveHub::setConnectionCaps(int perUser, int perToken)
{
    maxPerUser_ = perUser;
    maxPerToken_ = perToken;
}

spk::proto::ApiError LiveHub::admission(const Caller &caller)
{
    const char *cap = nullptr;
    if (maxPerToken_ > 0 && perToken_.value(caller.jti) >= maxPerToken_)
        cap = "per_token";
    else if (maxPerUser_ > 0 && perUser_.value(caller.id) >= maxPerUser_)
        cap = "per_user";
    if (!cap)
        return {};
    metrics_.counter(gateway_metrics::kLiveRefused, QLatin1String(cap)).inc();
    return {429, QStringLiteral("too_many_connections"),
            qstrcmp(cap, "per_token") == 0
                ? QStringLiteral("this token has %1 live connections open already").arg(maxPerToken_)
                : QStringLiteral("this user has %1 live connections open already").arg(maxPerUser_)};
}

void LiveHub::accept(std::unique_ptr<QWebSocket> socket, const Caller &caller)
{
    if (const auto refusal = admission(caller); refusal.httpStatus != 0) {
        socket->close(QWebSocketProtocol::CloseCodePolicyViolated, refusal.message);
        return;
    }
    QWebSocket *ws = socket.release();
    ws->setParent(this);
    clients_.insert(ws, caller);
    ++perUser_[caller.id];
    ++perToken_[caller.jti];
    keepAlive_.watch(ws); // clients may send anything; it proves life
    connect(ws, &QWebSocket::disconnected, this, [this, ws] { drop(ws); });
    metrics_.gauge(gateway_metrics::kLiveConnections).set(clients_.size());
    qCInfo(lcLive) << caller.username << "connected to /ws from" << caller.source;
}

void LiveHub::drop(QWebSocket *socket)
{
    const auto it = clients_.constFind(socket);
    if (it == clients_.cend())
        return;
    const Caller caller = it.value();
    clients_.erase(it);
    if (--perUser_[caller.id] <= 0)
        perUser_.remove(caller.id);
    if (--perToken_[caller.jti] <= 0)
        perToken_.remove(caller.jti);
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

void LiveHub::dropUser(qint64 userId, const QString &why)
{
    const auto sockets = clients_.keys();
    for (QWebSocket *s : sockets) {
        if (clients_.value(s).id == userId) {
            s->close(QWebSocketProtocol::CloseCodePolicyViolated, why);
            drop(s);
            metrics_.counter(gateway_metrics::kLiveClosedByAccountChange).inc();
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
