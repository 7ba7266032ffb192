#include "server/devices/device_commands.h"

#include "server/core/logging.h"
#include "server/core/metrics.h"
#include "server/devices/devices_metrics.h"
#include "server/mqtt/mqtt_client.h"
#include "shared/protocol/device_messages.h"
#include "shared/protocol/topics.h"

#include <QJsonDocument>

namespace spk::server {

using spk::proto::DeviceTopic;

DeviceCommands::DeviceCommands(MqttClient &mqtt, Metrics &metrics, int timeoutMs, QObject *parent)
    : QObject(parent), mqtt_(mqtt), metrics_(metrics), timeoutMs_(timeoutMs)
{
}

void DeviceCommands::start()
{
    const auto onAck = [this](const MqttMessage &m) { this->onAck(m); };
    mqtt_.subscribe(spk::proto::allDevicesFilter(DeviceTopic::ConfigAck), 1, this, onAck);
    mqtt_.subscribe(spk::proto::allDevicesFilter(DeviceTopic::RebootAck), 1, this, onAck);
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
        qCInfo(lcDevices) << "no ack from" << p.deviceId << "for" << requestId;
        p.done(false, {});
    });
    pending_.insert(requestId, {deviceId, kind, std::move(done), timer});
    timer->start(timeoutMs_);
    return true;
}

void DeviceCommands::onAck(const MqttMessage &message)
{
    const spk::proto::ParsedTopic &parsed = message.device;
    if (parsed.kind != DeviceTopic::ConfigAck && parsed.kind != DeviceTopic::RebootAck)
        return; // an invalid device id
    QString error;
    QJsonObject rest;
    const auto requestId = spk::proto::parseAck(message.payload, &rest, &error);
    if (!requestId) {
        metrics_.counter(devices_metrics::kMqttRejected, QStringLiteral("ack")).inc();
        qCWarning(lcMqtt) << "dropped malformed ack on" << message.topic << ":" << error;
        return;
    }
    if (parsed.kind == DeviceTopic::ConfigAck)
        emit configAcked(parsed.deviceId, *requestId, spk::proto::readConfigValues(rest));

    auto it = pending_.find(*requestId);
    if (it == pending_.end() || it->deviceId != parsed.deviceId)
        return; // late, duplicate, or not ours: a device cannot ack another device's request
    Pending p = it.value();
    pending_.erase(it);
    p.timer->stop();
    p.timer->deleteLater();
    p.done(true, rest);
}

} // namespace spk::server
