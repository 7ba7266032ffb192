#include "server/bridge/wake_handler.h"

#include "server/bridge/bridge_context.h"
#include "server/bridge/bridge_messages.h"
#include "server/bridge/bridge_metrics.h"
#include "server/bridge/conversation_registry.h"
#include "server/core/bridge_config.h"
#include "server/core/logging.h"
#include "server/core/metrics.h"
#include "server/mqtt/mqtt_client.h"
#include "server/storage/session_store.h"
#include "shared/media/session_key.h"
#include "shared/protocol/device_messages.h"
#include "shared/protocol/topics.h"

namespace spk::server {

WakeHandler::WakeHandler(BridgeContext &ctx, ConversationRegistry &registry, Endpoints endpoints,
                         std::function<void(Conversation *)> onCreated)
    : ctx_(ctx), registry_(registry), endpoints_(std::move(endpoints)), onCreated_(std::move(onCreated))
{
}

void WakeHandler::reject(const char *reason, const QString &deviceId, const QString &detail)
{
    ctx_.metrics.counter(bridge_metrics::kWakesRejected, QLatin1String(reason)).inc();
    const LogContext log({{"device_id", deviceId}});
    qCInfo(lcBridge).noquote() << "wake from" << deviceId << "dropped (" << reason << "):" << detail;
}

void WakeHandler::handle(const QString &deviceId, const QByteArray &payload)
{
    const qint64 receivedAt = ctx_.nowMs();
    QString error;
    const auto deviceSessionId = spk::proto::parseSessionIdPayload(payload, &error);
    if (!deviceSessionId)
        return reject("malformed", deviceId, error);
    const QString ackTopic = spk::proto::deviceTopic(deviceId, spk::proto::DeviceTopic::WakeAck);

    // The device repeated its wake (e.g. it missed the ack): the same answer again.
    if (Conversation *live = registry_.find(deviceId, *deviceSessionId)) {
        ctx_.mqtt.publish(ackTopic, registry_.wakeAckOf(live->sessionId()), 1, false);
        ctx_.metrics.counter(bridge_metrics::kWakesRepeated).inc();
        return;
    }

    // A speaker holds one conversation at a time: a new wake ends the one still open (which also
    // bounds the sessions a misbehaving device can open).
    for (Conversation *old : registry_.ofDevice(deviceId))
        old->abort(QStringLiteral("superseded"));

    qint64 sessionId = 0;
    switch (ctx_.sessions.create(deviceId, *deviceSessionId, ctx_.config.id, &sessionId)) {
    case StoreResult::Ok:
        break;
    case StoreResult::NotFound:
        return reject("unknown_device", deviceId, QStringLiteral("no such device"));
    case StoreResult::Conflict:
        return reject("duplicate", deviceId,
                      QStringLiteral("session %1 already ended").arg(*deviceSessionId));
    case StoreResult::Error:
        return reject("storage_error", deviceId, QStringLiteral("could not create the session"));
    }

    auto conversation =
        std::make_unique<Conversation>(ctx_, sessionId, deviceId, *deviceSessionId, receivedAt);
    Conversation *c = registry_.add(std::move(conversation));
    onCreated_(c);
    const spk::media::SessionKey key = spk::media::randomSessionKey();
    const quint32 ssrc = c->start(key);
    const QByteArray ack = bridge_messages::wakeAck(
        *deviceSessionId, endpoints_.udpHost(), endpoints_.udpPort(), ssrc,
        QString::fromStdString(spk::media::sessionKeyToBase64(key)), endpoints_.wsUrl());
    registry_.setWakeAck(sessionId, ack);
    ctx_.mqtt.publish(ackTopic, ack, 1, false);
    const qint64 ackAt = ctx_.nowMs();
    // After the ack, not before: a second small publish queued ahead of it would wait for the
    // broker's delayed ACK (Nagle), ~40 ms on the device's critical path.
    c->announceStage();

    c->lifecycle().mark(QLatin1String(ConversationLifecycle::kWakeAck), ackAt);
    ctx_.metrics.histogram(bridge_metrics::kWakeAckSeconds).observe(double(ackAt - receivedAt) / 1000);
    const LogContext log({{"device_id", deviceId}, {"session_id", QString::number(sessionId)}});
    qCInfo(lcBridge).noquote() << "session" << sessionId << "(" << deviceId << *deviceSessionId
                               << ") acked in" << (ackAt - receivedAt) << "ms, ssrc" << ssrc;
}

} // namespace spk::server
