#include "server/bridge/wake_router.h"

#include "server/bridge/bridge_membership.h"
#include "server/bridge/bridge_metrics.h"
#include "server/bridge/device_audio_hub.h"
#include "server/core/logging.h"
#include "server/core/metrics.h"
#include "server/mqtt/mqtt_client.h"
#include "server/mqtt/replica_event.h"
#include "server/storage/bridge_store.h"
#include "shared/protocol/device_messages.h"
#include "shared/protocol/ids.h"
#include "shared/protocol/json_input.h"
#include "shared/protocol/topics.h"
#include "shared/wire/topics.h"

#include <QJsonDocument>

namespace spk::server {

namespace {
const QString kDeviceId = QStringLiteral("device_id");
const QString kWake = QStringLiteral("wake");

QString inboxOf(const QString &bridgeId)
{
    return QLatin1String(spk::wire::kBridgeTopicPrefix) + bridgeId + QStringLiteral("/wake");
}

quint64 fnv1a(const QByteArray &bytes)
{
    quint64 h = 1469598103934665603ULL;
    for (const char c : bytes) {
        h ^= quint8(c);
        h *= 1099511628211ULL;
    }
    return h;
}
} // namespace

WakeRouter::WakeRouter(BridgeMembership &membership, BridgeStore &store, DeviceAudioHub &audioHub,
                       MqttClient &mqtt, Metrics &metrics, QObject *parent)
    : QObject(parent), membership_(membership), store_(store), audioHub_(audioHub), mqtt_(mqtt),
      metrics_(metrics)
{
}

void WakeRouter::start(Handler handler)
{
    handler_ = std::move(handler);
    // wake at QoS 1: the broker -> spkd hop is acknowledged too.
    mqtt_.subscribe(sharedSubscription(spk::wire::kBridgeShareGroup,
                                       spk::proto::allDevicesFilter(spk::proto::DeviceTopic::Wake)),
                    1, this, [this](const MqttMessage &m) { onDeviceWake(m); });
    mqtt_.subscribe(inboxOf(membership_.id()), 1, this, [this](const MqttMessage &m) { onForwardedWake(m); });
    connect(&audioHub_, &DeviceAudioHub::deviceConnected, this,
            [this](const QString &deviceId) { store_.linkAudio(deviceId, membership_.id()); });
    connect(&audioHub_, &DeviceAudioHub::deviceDisconnected, this,
            [this](const QString &deviceId) { store_.unlinkAudio(deviceId, membership_.id()); });
}

QString WakeRouter::rendezvous(const QString &deviceId, const QStringList &alive)
{
    QString best;
    quint64 bestScore = 0;
    for (const QString &bridge : alive) {
        const quint64 score = fnv1a((deviceId + QLatin1Char('/') + bridge).toUtf8());
        if (best.isEmpty() || score > bestScore)
            best = bridge, bestScore = score;
    }
    return best;
}

QString WakeRouter::ownerOf(const QString &deviceId) const
{
    const QString &self = membership_.id();
    if (audioHub_.isConnected(deviceId) || membership_.alive().size() <= 1)
        return self;
    if (const auto linked = store_.audioLinkOf(deviceId); linked && membership_.isAlive(*linked))
        return *linked;
    return rendezvous(deviceId, membership_.alive());
}

void WakeRouter::onDeviceWake(const MqttMessage &message)
{
    const spk::proto::ParsedTopic &t = message.device;
    if (t.kind != spk::proto::DeviceTopic::Wake)
        return;
    const QString owner = ownerOf(t.deviceId);
    if (owner == membership_.id())
        return handler_(t.deviceId, message.payload);
    const auto wake = spk::proto::parseJsonObject(message.payload, spk::proto::kMaxMqttPayload);
    if (!wake.ok())
        return handler_(t.deviceId, message.payload); // rejected (and counted) there, as malformed
    metrics_.counter(bridge_metrics::kWakesForwarded).inc();
    const LogContext log({{"device_id", t.deviceId}});
    qCDebug(lcBridge).noquote() << "wake from" << t.deviceId << "handed to bridge" << owner;
    mqtt_.publish(inboxOf(owner),
                  encodeReplicaEvent(mqtt_.clientId(), {{kDeviceId, t.deviceId}, {kWake, wake.object}}), 1,
                  false);
}

void WakeRouter::onForwardedWake(const MqttMessage &message)
{
    const auto event = decodeReplicaEvent(message.payload);
    if (!event)
        return;
    const QString deviceId = event->body.value(kDeviceId).toString();
    if (!spk::proto::isValidDeviceId(deviceId) || !event->body.value(kWake).isObject())
        return;
    handler_(deviceId, QJsonDocument(event->body.value(kWake).toObject()).toJson(QJsonDocument::Compact));
}

} // namespace spk::server
