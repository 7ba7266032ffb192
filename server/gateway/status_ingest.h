#pragma once
// Seed scene 4, device side: device/+/status (and the LWT {"online":false}) into the database — batched,
// one transaction per flush — and out to live watchers at once. With several gateway replicas each
// report is consumed by one of them (a shared subscription), which stores it and re-announces it on
// spk/events/status, so every replica's directory and watchers follow (docs/replicas.md).
#include "server/storage/device_store.h"
#include "shared/protocol/device_messages.h"

#include <QObject>
#include <QTimer>
#include <utility>
#include <vector>

namespace spk::server {
class MqttClient;
struct MqttMessage;
class Metrics;
class Counter;
class DeviceDirectory;
class RealtimeDeviceState;

class StatusIngest : public QObject
{
    Q_OBJECT
public:
    StatusIngest(MqttClient &mqtt, DeviceStore &store, DeviceDirectory &directory, Metrics &metrics,
                 int flushMs, QObject *parent = nullptr);
    void start();
    // Every status this replica consumes is also written there at once (may be null).
    void setRealtimeState(RealtimeDeviceState *state) { realtime_ = state; }
    // Writes what is queued now (also on shutdown).
    void flush();

signals:
    // data: the validated status fields. onlineChanged: the device went online or offline.
    void statusReceived(const QString &deviceId, const QJsonObject &data, bool onlineChanged);

private:
    void onMessage(const MqttMessage &message);
    void onReplicaEvent(const MqttMessage &message);
    void reject(const QString &reason, const QString &topic, const QString &detail);

    MqttClient &mqtt_;
    DeviceStore &store_;
    DeviceDirectory &directory_;
    Metrics &metrics_;
    Counter &received_; // spk_status_received_total, looked up once: every status counts
    QTimer flushTimer_;
    std::vector<DeviceStore::StatusReport> queue_;
    RealtimeDeviceState *realtime_ = nullptr;
};

} // namespace spk::server
