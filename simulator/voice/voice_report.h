#pragma once
// The numbers of a voice run and how they are shown: the live line, the summary table and --json.
#include "firmware/voice_session.h"
#include "simulator/fleet_snapshot.h"
#include "simulator/voice/conversation_result.h"
#include "simulator/voice/impaired_udp_sender.h"

#include <QJsonObject>
#include <QString>

#include <vector>

namespace spk::sim {

struct VoiceRunSnapshot
{
    QString brokerUri;
    qint64 elapsedMs = 0;
    int devices = 0;
    int online = 0;
    int requested = 0; // conversations
    int active = 0;
    int streaming = 0;
    NetworkImpairment impairment;
    UdpSendCounters udp;
    fw::VoiceCounters voice; // summed over speakers
    quint64 audioSocketOpens = 0;
    quint64 audioSocketFailures = 0;
    std::vector<ConversationResult> results; // finished conversations, in finishing order

    int completed() const;
    int failed() const { return int(results.size()) - completed(); }
};

// Nearest-rank p50/p95/max of one stage over the completed conversations that reached it.
struct VoiceLatencies
{
    LatencySummary wakeAck;         // wake → wake/ack
    LatencySummary finalTranscript; // end of speech → final transcript
    LatencySummary firstAudio;      // end of speech → first reply audio
    LatencySummary total;           // wake → session_end
};
VoiceLatencies voiceLatencies(const std::vector<ConversationResult> &results);

// "[  12s] online 5/5  conversations 3/10 (ok 2, failed 1, live 2)  udp 1234 sent 12 lost  reply frames 560"
QString voiceProgressLine(const VoiceRunSnapshot &s);
QString voiceSummaryTable(const VoiceRunSnapshot &s);
QJsonObject voiceSummaryJson(const VoiceRunSnapshot &s);

} // namespace spk::sim
