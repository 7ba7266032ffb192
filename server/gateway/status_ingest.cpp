#include "server/gateway/status_ingest.h"

#include "server/core/logging.h"
#include "server/core/metrics.h"
#include "server/gateway/device_directory.h"
#include "server/gateway/gateway_metrics.h"
#include "server/gateway/realtime_state.h"
#include "server/mqtt/mqtt_client.h"
#include "server/mqtt/replica_event.h"
#include "server/storage/device_store.h"
#include "shared/protocol/topics.h"
#include "shared/wire/topics.h"

#include <QDateTime>

namespace spk::server {

using spk::proto::DeviceTopic;

StatusIngest::StatusIngest(MqttClient &mqtt, DeviceStore &store, DeviceDirectory &directory, Metrics &metrics,
                           int flushMs, QObject *parent)
    : QObject(parent), mqtt_(mqtt), store_(store), directory_(directory), metrics_(metrics),
      received_(metrics.counter(gateway_metrics::kStatusReceived))
{
    flushTimer_.setInterval(flushMs);
    connect(&flushTimer_, &QTimer::timeout, this, &StatusIngest::flush);
}

void StatusIngest::start()
{
    mqtt_.subscribe(
        sharedSubscription(spk::wire::kGatewayShareGroup, spk::proto::allDevicesFilter(DeviceTopic::Status)),
        1, this, [this](const MqttMessage &m) { onMessage(m); });
    mqtt_.subscribe(QLatin1String(spk::wire::kStatusEventTopic), 1, this,
                    [this](const MqttMessage &m) { onReplicaEvent(m); });
    flushTimer_.start();
}

void StatusIngest::reject(const QString &reason, const QString &topic, const QString &detail)
{
    metrics_.counter(gateway_metrics::kStatusRejected, reason).inc();
    const LogContext log({{"device_id", spk::proto::parseDeviceTopic(topic).deviceId}});
    qCDebug(lcDevices) << "dropped status on" << topic << ":" << reason << detail;
}

void StatusIngest::onMessage(const MqttMessage &message)
{
    const spk::proto::ParsedTopic &parsed = message.device;
    const QString &topic = message.topic;
    const QByteArray &payload = message.payload;
    if (parsed.kind != DeviceTopic::Status)
        return; // an invalid device id
    if (!directory_.contains(parsed.deviceId))
        return reject(QStringLiteral("unknown_device"), topic, {});
    QString error;
    const auto status = spk::proto::parseDeviceStatus(payload, &error);
    if (!status)
        return reject(QStringLiteral("malformed"), topic, error);
    received_.inc();
    // A report with data but no "online" field still proves the device is up.
    const bool online = status->online.value_or(true);
    const bool changed = directory_.setOnline(parsed.deviceId, online);
    queue_.push_back({parsed.deviceId, *status, QDateTime::currentDateTimeUtc()});
    if (!status->online)
        queue_.back().status.online = online;
    const QJsonObject data = queue_.back().status.toJson();
    if (realtime_)
        realtime_->store(parsed.deviceId, data, queue_.back().receivedAt);
    if (changed)
        flush(); // the device list cache is dropped next; the database must already say online/offline
    emit statusReceived(parsed.deviceId, data, changed);
    mqtt_.publish(QLatin1String(spk::wire::kStatusEventTopic),
                  encodeReplicaEvent(mqtt_.clientId(), {{QStringLiteral("device_id"), parsed.deviceId},
                                                        {QStringLiteral("status"), data},
                                                        {QStringLiteral("online_changed"), changed}}),
                  1, false);
}

// Another gateway stored a status: follow its online flag and tell this replica's watchers.
void StatusIngest::onReplicaEvent(const MqttMessage &message)
{
    const auto event = decodeReplicaEvent(message.payload);
    if (!event || event->origin == mqtt_.clientId())
        return;
    const QString deviceId = event->body.value(QStringLiteral("device_id")).toString();
    const QJsonObject data = event->body.value(QStringLiteral("status")).toObject();
    if (!directory_.contains(deviceId))
        return;
    const bool changed = directory_.setOnline(deviceId, data.value(QStringLiteral("online")).toBool(true));
    emit statusReceived(deviceId, data, changed);
}

void StatusIngest::flush()
{
    if (queue_.empty())
        return;
    std::vector<DeviceStore::StatusReport> batch;
    batch.swap(queue_);
    if (!store_.applyStatusReports(batch)) {
        qCWarning(lcDevices) << "could not store" << batch.size() << "status reports; retrying next flush";
        // Keep them, newest last, so nothing the devices reported is lost on a transient DB error.
        batch.insert(batch.end(), std::make_move_iterator(queue_.begin()),
                     std::make_move_iterator(queue_.end()));
        queue_.swap(batch);
        if (queue_.size() > 100000)
            queue_.erase(queue_.begin(), queue_.begin() + static_cast<long>(queue_.size() - 100000));
    }
}

} // namespace spk::server
