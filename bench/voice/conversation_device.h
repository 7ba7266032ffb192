#pragma once
// One simulated speaker holding conversations over the real protocols (protocol.md §3–§6): MQTT wake →
// wake/ack → UDP Opus frames (the shared UplinkPacer) with the end flag → reply on its /ws/audio
// WebSocket (opened once, kept across sessions, pinged) → play_end → session_end. It measures, on
// one monotonic clock, wake → wake/ack and end of speech (its end-flag frame leaving) → first
// audio_frame.
#include "bench/voice/device_registry.h"
#include "bench/voice/uplink_pacer.h"
#include "server/mqtt/mqtt_client.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QTimer>
#include <QWebSocket>

#include <memory>

namespace spk::bench {

struct ConversationResult
{
    bool ok = false;
    QString failure;          // why not ok: "no_wake_ack", "fallback", "timeout", …
    double wakeAckMs = -1;    // wake published → wake/ack received
    double finalMs = -1;      // end of speech → final transcript on MQTT
    double firstFrameMs = -1; // end of speech → first audio_frame on the WebSocket
    double totalMs = -1;      // wake → play_end
    int framesReceived = 0;
    bool replyBeforeEndFlag = false; // the server's VAD ended speech before the clip did
};

class ConversationDevice : public QObject
{
    Q_OBJECT
public:
    ConversationDevice(BenchDevice device, const QString &brokerUrl, const QString &wsUrl, UplinkPacer &pacer,
                       const QElapsedTimer &clock, QObject *parent = nullptr);
    ~ConversationDevice() override;

    void connectAll(); // MQTT + WebSocket; ready() once both are up
    bool ready() const;
    // Publishes wake for a new session; finished() follows (success or failure within timeoutMs).
    void converse(const QString &sessionId, int timeoutMs);
    bool busy() const { return !session_.isEmpty(); }

signals:
    void finished(const spk::bench::ConversationResult &result);

private:
    void onMqtt(const QString &topic, const QByteArray &payload);
    void onWsText(const QString &text);
    void onWakeAck(const QJsonObject &ack);
    void complete(bool ok, const QString &failure);
    double now() const { return double(clock_.nsecsElapsed()) / 1e6; }

    BenchDevice device_;
    QString wsUrl_;
    UplinkPacer &pacer_;
    const QElapsedTimer &clock_;
    std::unique_ptr<spk::server::MqttClient> mqtt_;
    QWebSocket ws_;
    QTimer ping_, deadline_;
    bool subscribed_ = false;

    QString session_; // empty when idle
    ConversationResult result_;
    double wakeAt_ = 0, eosAt_ = -1;
    bool acked_ = false;
};

} // namespace spk::bench
