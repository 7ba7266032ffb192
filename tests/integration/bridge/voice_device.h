#pragma once
// A speaker as the bridge sees it, over the real protocols (protocol.md §3–§6): MQTT wake / transcript /
// play / session_end, UDP audio frames (Opus, ChaCha20-Poly1305), and the /ws/audio WebSocket.
#include "server/mqtt/mqtt_client.h"
#include "shared/media/opus_frame_decoder.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QUdpSocket>
#include <QWebSocket>
#include <functional>
#include <memory>

namespace spk::test {

class VoiceDevice : public QObject
{
    Q_OBJECT
public:
    struct Received
    {
        QString kind; // MQTT topic suffix after device/{id}/, or the WebSocket message "type"
        QJsonObject message;
        qint64 atMs = 0; // since this object was created
    };

    VoiceDevice(QString id, QString secret, QObject *parent = nullptr);
    ~VoiceDevice() override;

    bool connectMqtt(const QString &url);
    // Publishes wake and waits for the matching wake/ack (empty object on time-out).
    QJsonObject wake(const QString &sessionId, qint64 *ackMs = nullptr);
    bool openAudio(const QString &wsUrl, const QByteArray &secretOverride = {});
    void closeAudio();
    bool audioOpen() const;
    // Close the WebSocket as soon as the first audio_frame arrives (a device losing its connection).
    void closeAudioOnFirstFrame(bool on) { closeOnFirstFrame_ = on; }
    // Sends pcm (16 kHz mono s16le) as 20 ms Opus frames paced in real time, the end flag on the last
    // one. Returns the ms (on this object's clock) at which the last frame left.
    qint64 speak(const QJsonObject &ack, const QByteArray &pcm16k);
    // Simulated loss: every n-th frame is not sent (0 = none). The end-flag frame always goes.
    void setLossEvery(int n) { lossEvery_ = n; }
    void sendDatagram(const QByteArray &datagram, quint16 port);
    void endSession(const QString &sessionId);
    void publish(const QString &suffix, const QByteArray &payload);

    QList<Received> received(const QString &kind) const;
    // Every received audio_frame's Opus payload decoded, in arrival order.
    int decodedFrames() const { return decodedFrames_; }
    qint64 elapsedMs() const { return clock_.elapsed(); }
    bool waitFor(const std::function<bool()> &condition, int timeoutMs);

private:
    void onAudioMessage(const QString &text);

    QString id_, secret_;
    QElapsedTimer clock_;
    std::unique_ptr<spk::server::MqttClient> mqtt_;
    std::unique_ptr<QWebSocket> ws_;
    QUdpSocket udp_;
    QList<Received> received_;
    std::unique_ptr<spk::media::OpusFrameDecoder> decoder_;
    int decodedFrames_ = 0;
    bool closeOnFirstFrame_ = false;
    int lossEvery_ = 0;
};

} // namespace spk::test
