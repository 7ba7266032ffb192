#pragma once
// The life of one conversation as protocol.md §6 describes it, as a pure state machine: events and the
// current time go in, the stage and per-stage timings come out. No I/O and no clocks of its own, so the
// stages and time-outs are unit-tested without waiting. Conversation drives it and does the I/O.
//
//   listening --end of speech--> recognizing --final transcript--> thinking --first reply audio out-->
//   speaking --play_end (or fallback published)--> awaiting session_end --session_end--> completed
//   Any stage: fail() -> failed. Time-outs: no audio while listening; no reply within replyMs after end
//   of speech; no session_end within sessionEndMs after play_end (then completed, the reply was
//   delivered). session_end in any open stage completes the session (the device ended it).
#include <QMap>
#include <QString>
#include <functional>
#include <optional>

namespace spk::server {

enum class VoiceStage { Listening, Recognizing, Thinking, Speaking, AwaitingSessionEnd, Completed, Failed };

// The stage names of session_progress ("awaiting session_end" is still "speaking" to people).
QString progressStageName(VoiceStage stage);

struct SessionTimeouts
{
    int noAudioMs = 10000;
    int replyMs = 60000;
    int sessionEndMs = 15000;
};

class ConversationLifecycle
{
public:
    // Timing names stored with the session (ms since wake).
    static constexpr const char *kWake = "wake";
    static constexpr const char *kWakeAck = "wake_ack";
    static constexpr const char *kFirstAudio = "first_audio";
    static constexpr const char *kEndOfSpeech = "end_of_speech";
    static constexpr const char *kFirstPartial = "first_partial";
    static constexpr const char *kFinalTranscript = "final_transcript";
    static constexpr const char *kFirstLlmToken = "first_llm_token";
    static constexpr const char *kFirstTtsAudio = "first_tts_audio";
    static constexpr const char *kFirstFramePushed = "first_frame_pushed";
    static constexpr const char *kPlayEnd = "play_end";
    static constexpr const char *kSessionEnd = "session_end";

    // onTiming is called once per stage name, the first time it is reached.
    using TimingHook = std::function<void(const QString &name, qint64 msSinceWake)>;

    ConversationLifecycle(const SessionTimeouts &timeouts, qint64 wakeAtMs, TimingHook onTiming = {});

    VoiceStage stage() const { return stage_; }
    bool finished() const { return stage_ == VoiceStage::Completed || stage_ == VoiceStage::Failed; }
    bool replyDelivered() const { return delivered_; }
    QString failureReason() const { return failureReason_; }
    const QMap<QString, qint64> &timings() const { return timings_; }

    // Records a timing once (later calls for the same name are ignored).
    void mark(const QString &name, qint64 nowMs);

    // Events. Each returns true when it changed the stage (the caller then reports progress).
    void audioReceived(qint64 nowMs);
    bool endOfSpeech(qint64 nowMs);
    void partialTranscript(qint64 nowMs);
    bool finalTranscript(qint64 nowMs);
    bool replyStarted(qint64 nowMs);   // the first reply frame left (or the fallback was offered)
    bool replyDelivered(qint64 nowMs); // play_end sent, or the fallback URL published
    bool sessionEnd(qint64 nowMs);     // the device's session_end
    bool fail(qint64 nowMs, const QString &reason);

    // Applies a due time-out, if any; returns true when it changed the stage.
    bool checkTimeouts(qint64 nowMs);
    // When the next time-out is due (ms, same clock), or nullopt when none is armed.
    std::optional<qint64> nextDeadline() const;

private:
    bool finish(qint64 nowMs, VoiceStage to, const QString &reason);

    SessionTimeouts timeouts_;
    qint64 wakeAtMs_;
    TimingHook onTiming_;
    VoiceStage stage_ = VoiceStage::Listening;
    qint64 lastAudioAtMs_;
    bool heardAudio_ = false;
    qint64 endOfSpeechAtMs_ = 0;
    qint64 playEndAtMs_ = 0;
    bool delivered_ = false;
    QString failureReason_;
    QMap<QString, qint64> timings_;
};

} // namespace spk::server
