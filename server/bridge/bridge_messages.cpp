#include "server/bridge/bridge_messages.h"

#include "shared/protocol/live_events.h"

#include <QJsonDocument>

namespace spk::server::bridge_messages {

namespace {
QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}
} // namespace

QByteArray wakeAck(const QString &sessionId, const QString &udpHost, quint16 udpPort, quint32 ssrc,
                   const QString &keyBase64, const QString &wsUrl)
{
    const QJsonObject udp{{QStringLiteral("host"), udpHost},
                          {QStringLiteral("port"), int(udpPort)},
                          {QStringLiteral("ssrc"), qint64(ssrc)},
                          {QStringLiteral("key"), keyBase64}};
    return compact({{QStringLiteral("session_id"), sessionId},
                    {QStringLiteral("udp"), udp},
                    {QStringLiteral("ws_url"), wsUrl}});
}

QByteArray transcript(const QString &sessionId, const QString &text, bool isFinal)
{
    return compact({{QStringLiteral("session_id"), sessionId},
                    {QStringLiteral("text"), text},
                    {QStringLiteral("is_final"), isFinal}});
}

QByteArray play(const QString &sessionId, const QString &audioUrl)
{
    return compact({{QStringLiteral("session_id"), sessionId},
                    {QStringLiteral("audio_url"), audioUrl},
                    {QStringLiteral("mode"), QStringLiteral("fallback")}});
}

QByteArray sessionProgress(const QString &deviceId, qint64 sessionId, const QString &deviceSessionId,
                           const QString &stage, const QString &text)
{
    return compact(spk::proto::sessionProgressEvent(deviceId, sessionId, deviceSessionId, stage, text));
}

QJsonObject playStart(const QString &sessionId, std::optional<int> totalFrames, std::optional<int> durationMs)
{
    return {{QStringLiteral("type"), QStringLiteral("play_start")},
            {QStringLiteral("session_id"), sessionId},
            {QStringLiteral("total_frames"), totalFrames ? QJsonValue(*totalFrames) : QJsonValue()},
            {QStringLiteral("duration_ms"), durationMs ? QJsonValue(*durationMs) : QJsonValue()}};
}

QJsonObject audioFrame(const QString &sessionId, int seq, qint64 timestampMs, const QByteArray &opus,
                       bool isFinal)
{
    return {{QStringLiteral("type"), QStringLiteral("audio_frame")},
            {QStringLiteral("session_id"), sessionId},
            {QStringLiteral("seq"), seq},
            {QStringLiteral("timestamp"), timestampMs},
            {QStringLiteral("data"), QString::fromLatin1(opus.toBase64())},
            {QStringLiteral("is_final"), isFinal}};
}

QJsonObject playEnd(const QString &sessionId)
{
    return {{QStringLiteral("type"), QStringLiteral("play_end")}, {QStringLiteral("session_id"), sessionId}};
}

} // namespace spk::server::bridge_messages
