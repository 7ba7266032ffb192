#pragma once
// What one simulated conversation measured, on spksim's monotonic clock (ms since the run started).
#include <QString>

namespace spk::sim {

struct ConversationResult
{
    QString deviceId;
    QString sessionId;
    QString clip;
    bool completed = false;
    QString failure; // VoiceSession's reason (wake_ack_timeout, reply_timeout, …) or the host's
    QString finalTranscript;
    int partialTranscripts = 0;
    int framesSent = 0;
    int replyFrames = 0;
    int replyFramesMissing = 0;
    qint64 replyAudioMs = 0; // decoded reply length
    bool fallback = false;   // the reply came as a one-time URL (no WebSocket at the time)
    QString savedTo;         // the reply WAV, with --save-replies

    // Stage times; -1 = did not happen.
    qint64 wakeAt = -1;            // wake handed to MQTT
    qint64 ackAt = -1;             // wake/ack handled
    qint64 endOfSpeechAt = -1;     // end-flag frame sent (or the server's final transcript stopped us)
    qint64 finalTranscriptAt = -1; //
    qint64 firstAudioAt = -1;      // first audio_frame (fallback: the downloaded reply decoded)
    qint64 endedAt = -1;           // session_end published, or the failure

    static qint64 span(qint64 from, qint64 to) { return from >= 0 && to >= 0 ? to - from : -1; }
    qint64 wakeAckMs() const { return span(wakeAt, ackAt); }
    qint64 finalTranscriptMs() const { return span(endOfSpeechAt, finalTranscriptAt); }
    qint64 firstAudioMs() const { return span(endOfSpeechAt, firstAudioAt); }
    qint64 totalMs() const { return completed ? span(wakeAt, endedAt) : -1; }
};

} // namespace spk::sim
