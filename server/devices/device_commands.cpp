#include "server/devices/device_commands.h"

#include "server/core/logging.h"
#include "server/core/metrics.h"
#include "server/devices/devices_metrics.h"
#include "server/mqtt/mqtt_client.h"
#include "server/mqtt/replica_event.h"
#include "shared/protocol/device_messages.h"
#include "shared/protocol/topics.h"
#include "shared/wire/topics.h"

#include <QJsonDocument>

namespace spk::server {

using spk::proto::DeviceTopic;

DeviceCommands::DeviceCommands(MqttClient &mqtt, Metrics &metrics, int timeoutMs, QObject *parent)
    : QObject(parent), mqtt_(mqtt), metrics_(metrics), timeoutMs_(timeoutMs),
      configAck_(metrics.histogram(devices_metrics::kCommandAckSeconds, QStringLiteral("config"))),
      rebootAck_(metrics.histogram(devices_metrics::kCommandAckSeconds, QStringLiteral("reboot")))
{
}

void DeviceCommands::start()
{
    const auto onAck = [this](const MqttMessage &m) { this->onAck(m); };
    for (const DeviceTopic kind : {DeviceTopic::ConfigAck, DeviceTopic::RebootAck})
        mqtt_.subscribe(sharedSubscription(spk::wire::kGatewayShareGroup, spk::proto::allDevicesFilter(kind)),
                        1, this, onAck);
    mqtt_.subscribe(QLatin1String(spk::wire::kAckEventTopic), 1, this,
                    [this](const MqttMessage &m) { onReplicaAck(m); });
}

bool DeviceCommands::send(Kind kind, const QString &deviceId, const QString &requestId,
                          const QJsonObject &body, Completion done)
{
    QJsonObject payload = body;
    payload.insert(QStringLiteral("request_id"), requestId);
    const bool isConfig = kind == Kind::Config;
    const QString topic =
        spk::proto::deviceTopic(deviceId, isConfig ? DeviceTopic::Config : DeviceTopic::Reboot);
    if (!mqtt_.publish(topic, QJsonDocument(payload).toJson(QJsonDocument::Compact), 1, isConfig))
        return false;
    {
        const LogContext log({{"device_id", deviceId}, {"request_id", requestId}});
        qCDebug(lcDevices).noquote() << (isConfig ? "config" : "reboot") << "sent to" << deviceId << "request"
                                     << requestId;
    }
    if (!done)
        return true; // fire and forget: the ack is still recorded via configAcked
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    timer->setTimerType(Qt::PreciseTimer); // a coarse timer may fire 5 % early
    connect(timer, &QTimer::timeout, this, [this, requestId] {
        auto it = pending_.find(requestId);
        if (it == pending_.end())
            return;
        Pending p = it.value();
        pending_.erase(it);
        p.timer->deleteLater();
        metrics_.counter(devices_metrics::kCommandTimeouts).inc();
        const LogContext log({{"device_id", p.deviceId}, {"request_id", requestId}});
        qCInfo(lcDevices) << "no ack from" << p.deviceId << "for" << requestId;
        p.done(false, {});
    });
    QElapsedTimer sent;
    sent.start();
    pending_.insert(requestId, {deviceId, kind, std::move(done), timer, sent});
    timer->start(timeoutMs_);
    return true;
}

void DeviceCommands::reject(const MqttMessage &message, const QString &why)
{
    metrics_.counter(devices_metrics::kMqttRejected, QStringLiteral("ack")).inc();
    int suppressed = 0;
    if (!rejectLog_.allow(&suppressed))
        return;
    const LogContext log({{"device_id", message.device.deviceId}});
    qCWarning(lcMqtt).noquote() << "dropped ack on" << message.topic << ":" << why
                                << LogThrottle::suffix(suppressed);
}

void DeviceCommands::onAck(const MqttMessage &message)
{
    const spk::proto::ParsedTopic &parsed = message.device;
    if (parsed.kind != DeviceTopic::ConfigAck && parsed.kind != DeviceTopic::RebootAck)
        return; // an invalid device id
    QString error;
    QJsonObject rest;
    const auto requestId = spk::proto::parseAck(message.payload, &rest, &error);
    if (!requestId)
        return reject(message, error);
    const bool isConfig = parsed.kind == DeviceTopic::ConfigAck;
    // Only validated values go on (stored, relayed, answered): never the device's own JSON.
    QJsonObject validated;
    bool applied = false;
    if (isConfig) {
        const auto config = spk::proto::readConfigKeys(rest, &error);
        if (!config)
            return reject(message, error);
        validated = spk::proto::toJson(*config);
        // Recorded (synchronously) before any replica answers the request.
        applied = recordConfigAck_ && recordConfigAck_(parsed.deviceId, *requestId, *config);
        if (!applied)
            reject(message, QStringLiteral("request %1 is not the device's pending config").arg(*requestId));
    }
    mqtt_.publish(
        QLatin1String(spk::wire::kAckEventTopic),
        encodeReplicaEvent(mqtt_.clientId(), {{QStringLiteral("device_id"), parsed.deviceId},
                                              {QStringLiteral("kind"), isConfig ? QStringLiteral("config")
                                                                                : QStringLiteral("reboot")},
                                              {QStringLiteral("request_id"), *requestId},
                                              {QStringLiteral("applied"), applied},
                                              {QStringLiteral("ack"), validated}}),
        1, false);
    // A waiter of this gateway's own (an older request a newer one superseded, too) is answered.
    complete(parsed.deviceId, *requestId, validated);
}

void DeviceCommands::onReplicaAck(const MqttMessage &message)
{
    const auto event = decodeReplicaEvent(message.payload);
    if (!event || event->origin == mqtt_.clientId())
        return;
    const QString deviceId = event->body.value(QStringLiteral("device_id")).toString();
    const QString requestId = event->body.value(QStringLiteral("request_id")).toString();
    const QJsonObject ack = event->body.value(QStringLiteral("ack")).toObject();
    if (event->body.value(QStringLiteral("kind")).toString() == QLatin1String("config") &&
        event->body.value(QStringLiteral("applied")).toBool())
        emit configAckedElsewhere(deviceId, requestId, spk::proto::readConfigValues(ack));
    complete(deviceId, requestId, ack);
}

void DeviceCommands::complete(const QString &deviceId, const QString &requestId, const QJsonObject &ack)
{
    auto it = pending_.find(requestId);
    if (it == pending_.end() || it->deviceId != deviceId)
        return; // late, duplicate, or not ours: a device cannot ack another device's request
    Pending p = it.value();
    pending_.erase(it);
    p.timer->stop();
    p.timer->deleteLater();
    const double ms = double(p.sent.nsecsElapsed()) / 1e6;
    (p.kind == Kind::Config ? configAck_ : rebootAck_).observe(ms / 1000);
    {
        const LogContext log({{"device_id", deviceId}, {"request_id", requestId}});
        qCInfo(lcDevices).noquote() << (p.kind == Kind::Config ? "config" : "reboot") << "acked by"
                                    << deviceId << "in" << QString::number(ms, 'f', 1) << "ms, request"
                                    << requestId;
    }
    p.done(true, ack);
}

} // namespace spk::server
