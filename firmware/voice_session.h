#pragma once
// spk::fw::VoiceSession: the speaker's side of one spoken conversation (protocol.md §3–§6) as a sans-IO
// DeviceComponent. It publishes wake, reads wake/ack, seals the host's Opus frames into UDP datagrams
// (§4), follows transcripts and the reply on the device WebSocket (§5) or the fallback URL, and publishes
// session_end. Opus encoding/decoding, sockets and clocks stay in the host (an ESP32 uses its own codec).
//
// Host contract:
//   core->addComponent(voice);                 // before connecting
//   voice.start("s001", &error);               // publishes wake (drain the core's actions)
//   for (auto &a : voice.takeActions()) …      // OpenAudioSocket, StartStreaming, SendDatagram, …
//   voice.sendFrame(opus, size, last, &error); // every 20 ms after StartStreaming → SendDatagram
//   voice.audioSocketMessage(text);            // each text frame of /ws/audio
//   voice.fallbackPlaybackFinished(ok);        // after FetchFallbackAudio
// Time-outs run on DeviceCore::tick() (its clock).
#include "firmware/device_component.h"
#include "firmware/voice_actions.h"
#include "firmware/voice_messages.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace spk::fw {

struct VoiceSessionOptions
{
    uint32_t wakeAckTimeoutMs = 5000; // wake → wake/ack
    // End of speech → play_end (or play), and the longest silence between two reply messages.
    uint32_t replyTimeoutMs = 60000;
};

struct VoiceCounters
{
    uint64_t sessionsStarted = 0;
    uint64_t sessionsCompleted = 0;
    uint64_t sessionsFailed = 0;
    uint64_t datagramsSent = 0;
    uint64_t transcripts = 0;        // partial and final
    uint64_t replyFrames = 0;        // audio_frame messages played
    uint64_t replyFramesMissing = 0; // seq gaps in the reply
    uint64_t fallbacks = 0;          // play (mode fallback) messages followed
    uint64_t staleMessages = 0;      // valid, but for a session that is not the live one
    uint64_t rejectedMessages = 0;   // invalid content (also counted by DeviceCore for MQTT ones)

    VoiceCounters &operator+=(const VoiceCounters &o);
};

class VoiceSession : public DeviceComponent
{
public:
    enum class State {
        Idle,            // no session yet
        WaitingForAck,   // wake published
        Streaming,       // the host feeds frames
        WaitingForReply, // end of speech sent (or the server ended the utterance)
        Playing,         // play_start received
        PlayingFallback, // the host downloads and plays the fallback URL
        Completed,       // reply heard, session_end published
        Failed,
    };

    explicit VoiceSession(VoiceSessionOptions options = {});

    // Begins a session: publishes wake {"session_id"}. False (with *error, nothing changed) while offline,
    // while a session is live, or for an invalid or just-used id.
    bool start(const std::string &sessionId, std::string *error);
    // One 20 ms Opus frame (1..1000 bytes) captured after StartStreaming; the last one of the utterance with
    // endOfSpeech. Queues SendDatagram. False (with *error) when not streaming or the frame is bad.
    bool sendFrame(const uint8_t *opus, std::size_t size, bool endOfSpeech, std::string *error);
    // One text message of the device WebSocket. False when it is invalid (counted, logged, no change).
    bool audioSocketMessage(const std::string &text);
    // The fallback reply was played (or could not be fetched). Publishes session_end either way, so the
    // server does not wait; the session completes only if it was played.
    void fallbackPlaybackFinished(bool played);
    // The host gives up on the live session (shutting down, …): Failed with reason "aborted: <why>".
    void abort(const std::string &why);

    bool hasActions() const { return !actions_.empty(); }
    std::vector<VoiceAction> takeActions();
    // Called whenever an action is queued, so an event-driven host can schedule a drain (a queued call, a
    // task notification). Never drain re-entrantly from inside the callback.
    void setActionsQueuedCallback(std::function<void()> callback) { onActions_ = std::move(callback); }

    State state() const { return state_; }
    bool isLive() const;
    const std::string &sessionId() const { return sessionId_; }
    const std::string &failureReason() const { return failureReason_; }
    const std::string &finalTranscript() const { return finalTranscript_; }
    uint32_t framesSent() const { return nextSeq_; }
    const VoiceCounters &counters() const { return counters_; }

    // DeviceComponent
    std::vector<std::string> topicSuffixes() const override;
    bool onMessage(DeviceContext &device, const std::string &suffix, const cJSON *payload) override;
    void onConnected(DeviceContext &device) override;
    void onTick(DeviceContext &device) override;

private:
    bool onWakeAck(const cJSON *payload);
    bool onTranscript(const cJSON *payload);
    bool onPlay(const cJSON *payload);
    void onPlayStart(const AudioSocketMessage &m);
    bool onAudioFrame(const AudioSocketMessage &m);
    void onPlayEnd();

    // True when the message is for the live session; counts a stale one otherwise.
    bool isForLiveSession(const std::string &sessionId);
    void stopStreamingEarly();
    void publishSessionEnd();
    void complete();
    void fail(const std::string &reason);
    void armDeadline(uint32_t ms);
    bool reject(const std::string &what, const std::string &why);
    void log(LogEvent::Level level, const std::string &message);
    void queue(VoiceAction action);
    uint64_t now() const;

    VoiceSessionOptions options_;
    DeviceContext *device_ = nullptr; // the core this component is registered with (known once connected)
    State state_ = State::Idle;
    std::string sessionId_;
    WakeAckMessage ack_;
    uint32_t nextSeq_ = 0;      // uplink
    uint32_t lastReplySeq_ = 0; // downlink
    uint32_t replyFrames_ = 0;  //
    uint32_t replyMissing_ = 0; //
    uint64_t deadlineMs_ = 0;   // 0: none
    std::string failureReason_;
    std::string finalTranscript_;
    std::vector<VoiceAction> actions_;
    std::function<void()> onActions_;
    VoiceCounters counters_;
};

const char *voiceStateName(VoiceSession::State state);

} // namespace spk::fw
