#include "server/bridge/device_audio_hub.h"

#include "server/auth/passwords.h"
#include "server/bridge/bridge_metrics.h"
#include "server/core/logging.h"
#include "server/core/metrics.h"
#include "server/http/bearer_token.h"
#include "server/http/http_server.h"
#include "server/storage/device_store.h"
#include "shared/protocol/ids.h"

#include <QJsonDocument>
#include <QUrlQuery>

namespace spk::server {

DeviceAudioHub::DeviceAudioHub(DeviceStore &devices, Metrics &metrics, int pingSeconds, int idleSeconds,
                               QObject *parent)
    : QObject(parent), devices_(devices), metrics_(metrics),
      keepAlive_(pingSeconds, idleSeconds, [this](QWebSocket *s) {
          s->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("no keep-alive for too long"));
          drop(s, QStringLiteral("keep-alive time-out"));
      })
{
}

DeviceAudioHub::~DeviceAudioHub()
{
    keepAlive_.closeAll(this);
}

QString DeviceAudioHub::authenticate(const QByteArray &authorization, const QByteArray &deviceIdHeader,
                                     const QUrlQuery &query)
{
    QString deviceId = QString::fromUtf8(deviceIdHeader.trimmed());
    const QString secret = bearerToken(authorization, query);
    if (deviceId.isEmpty())
        deviceId = query.queryItemValue(QStringLiteral("device_id"), QUrl::FullyDecoded);
    if (!spk::proto::isValidDeviceId(deviceId) || secret.isEmpty())
        return {};
    const auto device = devices_.find(deviceId);
    if (!device || !auth::verifyDeviceSecret(device->secretHash, secret))
        return {};
    return deviceId;
}

void DeviceAudioHub::registerRoute(HttpServer &http)
{
    http.webSocket(
        QStringLiteral("/ws/audio"),
        [this](const HttpRequest &req) {
            if (authenticate(req.value("authorization"), req.value("x-device-id"), req.query()).isEmpty()) {
                metrics_.counter(bridge_metrics::kWsRefused).inc();
                return spk::proto::ApiError{401, QStringLiteral("invalid_device_credentials"),
                                            QStringLiteral("unknown device or wrong device secret")};
            }
            return spk::proto::ApiError{};
        },
        [this](std::unique_ptr<QWebSocket> ws) { accept(std::move(ws)); });
}

void DeviceAudioHub::accept(std::unique_ptr<QWebSocket> socket)
{
    const QNetworkRequest &req = socket->request();
    const QString deviceId = authenticate(req.rawHeader("Authorization"), req.rawHeader("X-Device-Id"),
                                          QUrlQuery(socket->requestUrl()));
    if (deviceId.isEmpty()) { // checked before the upgrade; only a race with a deletion gets here
        socket->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("bad device credentials"));
        return;
    }
    if (QWebSocket *old = sockets_.value(deviceId)) {
        qCInfo(lcBridge) << "device" << deviceId << "opened a new /ws/audio; closing the old one";
        old->disconnect(this);
        old->close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("replaced by a new connection"));
        owners_.remove(old);
        keepAlive_.forget(old);
        old->deleteLater();
    }
    QWebSocket *ws = socket.release();
    ws->setParent(this);
    sockets_.insert(deviceId, ws);
    owners_.insert(ws, deviceId);
    keepAlive_.watch(ws);
    connect(ws, &QWebSocket::disconnected, this, [this, ws] { drop(ws, QStringLiteral("closed by peer")); });
    metrics_.gauge(bridge_metrics::kWsConnections).set(sockets_.size());
    qCInfo(lcBridge) << "device" << deviceId << "connected to /ws/audio";
    emit deviceConnected(deviceId);
}

void DeviceAudioHub::drop(QWebSocket *socket, const QString &why)
{
    const QString deviceId = owners_.take(socket);
    if (deviceId.isEmpty())
        return;
    keepAlive_.forget(socket);
    sockets_.remove(deviceId);
    socket->disconnect(this);
    socket->deleteLater();
    metrics_.gauge(bridge_metrics::kWsConnections).set(sockets_.size());
    qCInfo(lcBridge).noquote() << "device" << deviceId << "/ws/audio gone:" << why;
    emit deviceDisconnected(deviceId);
}

bool DeviceAudioHub::send(const QString &deviceId, const QJsonObject &message)
{
    QWebSocket *ws = sockets_.value(deviceId);
    if (!ws || ws->state() != QAbstractSocket::ConnectedState)
        return false;
    ws->sendTextMessage(QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
    return true;
}

void DeviceAudioHub::disconnectDevice(const QString &deviceId)
{
    if (QWebSocket *ws = sockets_.value(deviceId)) {
        ws->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("closed by the server"));
        drop(ws, QStringLiteral("closed by the server"));
    }
}

} // namespace spk::server
