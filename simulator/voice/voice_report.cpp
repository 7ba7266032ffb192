#include "simulator/voice/voice_report.h"

#include <QJsonArray>
#include <QMap>
#include <QStringList>

namespace spk::sim {

namespace {

LatencySummary summarize(const std::vector<ConversationResult> &results,
                         qint64 (ConversationResult::*stage)() const)
{
    std::vector<qint64> samples;
    for (const ConversationResult &r : results) {
        const qint64 ms = (r.*stage)();
        if (r.completed && ms >= 0)
            samples.push_back(ms);
    }
    return summarizeLatencies(samples);
}

QString latencyCell(const LatencySummary &l)
{
    if (l.samples == 0)
        return QStringLiteral("-");
    return QStringLiteral("%1 / %2 / %3 ms  (n=%4)").arg(l.p50Ms).arg(l.p95Ms).arg(l.maxMs).arg(l.samples);
}

QJsonObject latencyJson(const LatencySummary &l)
{
    return {{"samples", l.samples}, {"p50", l.p50Ms}, {"p95", l.p95Ms}, {"max", l.maxMs}};
}

QJsonValue msOrNull(qint64 ms)
{
    return ms >= 0 ? QJsonValue(double(ms)) : QJsonValue();
}

QMap<QString, int> failureCounts(const std::vector<ConversationResult> &results)
{
    QMap<QString, int> counts;
    for (const ConversationResult &r : results)
        if (!r.completed)
            ++counts[r.failure];
    return counts;
}

} // namespace

int VoiceRunSnapshot::completed() const
{
    return int(std::count_if(results.begin(), results.end(),
                             [](const ConversationResult &r) { return r.completed; }));
}

VoiceLatencies voiceLatencies(const std::vector<ConversationResult> &results)
{
    VoiceLatencies l;
    l.wakeAck = summarize(results, &ConversationResult::wakeAckMs);
    l.finalTranscript = summarize(results, &ConversationResult::finalTranscriptMs);
    l.firstAudio = summarize(results, &ConversationResult::firstAudioMs);
    l.total = summarize(results, &ConversationResult::totalMs);
    return l;
}

QString voiceProgressLine(const VoiceRunSnapshot &s)
{
    return QStringLiteral(
               "[%1s] online %2/%3  conversations %4/%5 (ok %6, failed %7, live %8)  udp %9 sent %10 "
               "lost  reply frames %11")
        .arg(s.elapsedMs / 1000, 4)
        .arg(s.online)
        .arg(s.devices)
        .arg(s.results.size())
        .arg(s.requested)
        .arg(s.completed())
        .arg(s.failed())
        .arg(s.active)
        .arg(s.udp.sent)
        .arg(s.udp.lost)
        .arg(s.voice.replyFrames);
}

QString voiceSummaryTable(const VoiceRunSnapshot &s)
{
    QStringList rows;
    const auto row = [&rows](const QString &name, const QString &value) {
        rows << QStringLiteral("  %1 %2").arg(name, -30).arg(value);
    };
    const VoiceLatencies l = voiceLatencies(s.results);
    rows << QStringLiteral("spksim voice: %1 conversations on %2 speakers via %3 in %4 s")
                .arg(s.requested)
                .arg(s.devices)
                .arg(s.brokerUri)
                .arg(QString::number(double(s.elapsedMs) / 1000.0, 'f', 1));
    row(QStringLiteral("completed / failed"), QStringLiteral("%1 / %2").arg(s.completed()).arg(s.failed()));
    const QMap<QString, int> failures = failureCounts(s.results);
    for (auto it = failures.cbegin(); it != failures.cend(); ++it)
        row(QStringLiteral("  failed: ") + it.key(), QString::number(it.value()));
    rows << QStringLiteral("  latency (p50 / p95 / max)");
    row(QStringLiteral("  wake -> wake/ack"), latencyCell(l.wakeAck));
    row(QStringLiteral("  end of speech -> final text"), latencyCell(l.finalTranscript));
    row(QStringLiteral("  end of speech -> 1st audio"), latencyCell(l.firstAudio));
    row(QStringLiteral("  total (wake -> session_end)"), latencyCell(l.total));
    row(QStringLiteral("uplink datagrams sent / lost"),
        QStringLiteral("%1 / %2").arg(s.udp.sent).arg(s.udp.lost));
    row(QStringLiteral("  delayed / reordered / errors"),
        QStringLiteral("%1 / %2 / %3").arg(s.udp.delayed).arg(s.udp.reordered).arg(s.udp.errors));
    row(QStringLiteral("faults (loss, jitter, reorder)"), QStringLiteral("%1, %2 ms, %3 (seed %4)")
                                                              .arg(s.impairment.loss)
                                                              .arg(s.impairment.jitterMs)
                                                              .arg(s.impairment.reorder)
                                                              .arg(s.impairment.seed));
    row(QStringLiteral("reply frames / missing"),
        QStringLiteral("%1 / %2").arg(s.voice.replyFrames).arg(s.voice.replyFramesMissing));
    row(QStringLiteral("fallback replies"), QString::number(s.voice.fallbacks));
    row(QStringLiteral("audio sockets opened / failed"),
        QStringLiteral("%1 / %2").arg(s.audioSocketOpens).arg(s.audioSocketFailures));
    row(QStringLiteral("stale / rejected messages"),
        QStringLiteral("%1 / %2").arg(s.voice.staleMessages).arg(s.voice.rejectedMessages));
    return rows.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QJsonObject voiceSummaryJson(const VoiceRunSnapshot &s)
{
    const VoiceLatencies l = voiceLatencies(s.results);
    QJsonArray sessions;
    for (const ConversationResult &r : s.results)
        sessions.append(QJsonObject{
            {"device_id", r.deviceId},
            {"session_id", r.sessionId},
            {"clip", r.clip},
            {"completed", r.completed},
            {"failure", r.completed ? QJsonValue() : QJsonValue(r.failure)},
            {"final_transcript", r.finalTranscript},
            {"partial_transcripts", r.partialTranscripts},
            {"frames_sent", r.framesSent},
            {"reply_frames", r.replyFrames},
            {"reply_frames_missing", r.replyFramesMissing},
            {"reply_audio_ms", r.replyAudioMs},
            {"fallback", r.fallback},
            {"saved_reply", r.savedTo.isEmpty() ? QJsonValue() : QJsonValue(r.savedTo)},
            {"wake_ack_ms", msOrNull(r.wakeAckMs())},
            {"final_transcript_ms", msOrNull(r.finalTranscriptMs())},
            {"first_audio_ms", msOrNull(r.firstAudioMs())},
            {"total_ms", msOrNull(r.totalMs())},
        });
    QJsonObject failures;
    const QMap<QString, int> counts = failureCounts(s.results);
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        failures.insert(it.key(), it.value());
    return {
        {"mode", "voice"},
        {"broker", s.brokerUri},
        {"elapsed_ms", s.elapsedMs},
        {"devices", s.devices},
        {"conversations", s.requested},
        {"completed", s.completed()},
        {"failed", s.failed()},
        {"failures", failures},
        {"latency_ms", QJsonObject{{"wake_ack", latencyJson(l.wakeAck)},
                                   {"final_transcript", latencyJson(l.finalTranscript)},
                                   {"first_audio", latencyJson(l.firstAudio)},
                                   {"total", latencyJson(l.total)}}},
        {"udp", QJsonObject{{"offered", double(s.udp.offered)},
                            {"sent", double(s.udp.sent)},
                            {"lost", double(s.udp.lost)},
                            {"delayed", double(s.udp.delayed)},
                            {"reordered", double(s.udp.reordered)},
                            {"errors", double(s.udp.errors)}}},
        {"impairment", QJsonObject{{"loss", s.impairment.loss},
                                   {"jitter_ms", s.impairment.jitterMs},
                                   {"reorder", s.impairment.reorder},
                                   {"seed", double(s.impairment.seed)}}},
        {"reply_frames", double(s.voice.replyFrames)},
        {"reply_frames_missing", double(s.voice.replyFramesMissing)},
        {"fallback_replies", double(s.voice.fallbacks)},
        {"audio_socket_opens", double(s.audioSocketOpens)},
        {"audio_socket_failures", double(s.audioSocketFailures)},
        {"stale_messages", double(s.voice.staleMessages)},
        {"rejected_messages", double(s.voice.rejectedMessages)},
        {"sessions", sessions},
    };
}

} // namespace spk::sim
