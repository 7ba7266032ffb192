#pragma once
// Seed scene 2: commands to devices over MQTT, matched to their acks by request_id within a deadline.
// Config is persisted by the caller first (DeviceConfigService), then published retained QoS 1 (a
// reconnecting device gets the latest); reboot is published plain. Acks arrive on device/+/config/ack and
// device/+/reboot/ack, only in the processes that called start() (the gateways). With several gateways
// one of them consumes each ack (a shared subscription), records it, and re-announces it on
// spk/events/ack; the gateway holding the waiting request answers its caller from that.
#include "server/core/log_throttle.h"
#include "shared/wire/device_config.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QTimer>
#include <functional>

namespace spk::server {
class MqttClient;
struct MqttMessage;
class Metrics;
class Histogram;

class DeviceCommands : public QObject
{
    Q_OBJECT
public:
    enum class Kind { Config, Reboot };
    // acked = false on timeout; payload = the ack's fields besides request_id.
    using Completion = std::function<void(bool acked, const QJsonObject &payload)>;

    DeviceCommands(MqttClient &mqtt, Metrics &metrics, int timeoutMs, QObject *parent = nullptr);

    // Subscribes to the ack topics (call once at start).
    void start();
    // Publishes and, when done is given, waits for the ack. Returns false when the publish could not be
    // queued.
    bool send(Kind kind, const QString &deviceId, const QString &requestId, const QJsonObject &body,
              Completion done);
    int pendingCount() const { return pending_.size(); }

    // Stores a config ack (DeviceConfigService): every one, including those nobody waits for (a device
    // applying a retained config after reconnecting). Returns false when it is not for the device's
    // pending request: then it changed nothing and is counted as rejected. applied: the ack's known
    // keys, each valid (an ack with an invalid value never gets here).
    using ConfigAckRecorder = std::function<bool(const QString &deviceId, const QString &requestId,
                                                 const spk::wire::DeviceConfig &applied)>;
    void setConfigAckRecorder(ConfigAckRecorder recorder) { recordConfigAck_ = std::move(recorder); }

signals:
    // A config ack another gateway consumed and stored (for this replica's caches and watchers).
    void configAckedElsewhere(const QString &deviceId, const QString &requestId,
                              const spk::wire::DeviceConfig &applied);

private:
    void onAck(const MqttMessage &message);
    void onReplicaAck(const MqttMessage &message);
    void complete(const QString &deviceId, const QString &requestId, const QJsonObject &ack);
    void reject(const MqttMessage &message, const QString &why);
    struct Pending
    {
        QString deviceId;
        Kind kind;
        Completion done;
        QTimer *timer;
        QElapsedTimer sent;
    };
    MqttClient &mqtt_;
    Metrics &metrics_;
    int timeoutMs_;
    Histogram &configAck_, &rebootAck_; // spk_device_command_ack_seconds
    QHash<QString, Pending> pending_;   // by request_id
    ConfigAckRecorder recordConfigAck_;
    LogThrottle rejectLog_;
};

} // namespace spk::server
