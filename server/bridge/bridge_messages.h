#pragma once
// The JSON the bridge sends (protocol.md §3 wake/ack, transcript, play; §5 play_start, audio_frame,
// play_end; §2 session_progress as relayed through MQTT), built in one place.
#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace spk::server::bridge_messages {

QByteArray wakeAck(const QString &sessionId, const QString &udpHost, quint16 udpPort, quint32 ssrc,
                   const QString &keyBase64, const QString &wsUrl);
QByteArray transcript(const QString &sessionId, const QString &text, bool isFinal);
QByteArray play(const QString &sessionId, const QString &audioUrl);
// Published QoS 0 on spk::proto::kSessionProgressTopic; the gateway relays it to /ws watchers.
QByteArray sessionProgress(const QString &deviceId, qint64 sessionId, const QString &deviceSessionId,
                           const QString &stage, const QString &text = {});

QJsonObject playStart(const QString &sessionId, std::optional<int> totalFrames,
                      std::optional<int> durationMs);
QJsonObject audioFrame(const QString &sessionId, int seq, qint64 timestampMs, const QByteArray &opus,
                       bool isFinal);
QJsonObject playEnd(const QString &sessionId);

} // namespace spk::server::bridge_messages
