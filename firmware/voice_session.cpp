#include "firmware/voice_session.h"

#include "firmware/identifiers.h"
#include "firmware/json_doc.h"
#include "shared/media/udp_packet.h"

#include <cjson/cJSON.h>

namespace spk::fw {

namespace {
constexpr uint32_t kFrameMs = 20; // one datagram per 20 ms frame (protocol.md §4)
} // namespace

VoiceCounters &VoiceCounters::operator+=(const VoiceCounters &o)
{
    sessionsStarted += o.sessionsStarted;
    sessionsCompleted += o.sessionsCompleted;
    sessionsFailed += o.sessionsFailed;
    datagramsSent += o.datagramsSent;
    transcripts += o.transcripts;
    replyFrames += o.replyFrames;
    replyFramesMissing += o.replyFramesMissing;
    fallbacks += o.fallbacks;
    staleMessages += o.staleMessages;
    rejectedMessages += o.rejectedMessages;
    return *this;
}

const char *voiceStateName(VoiceSession::State state)
{
    switch (state) {
    case VoiceSession::State::Idle:
        return "idle";
    case VoiceSession::State::WaitingForAck:
        return "waiting_for_ack";
    case VoiceSession::State::Streaming:
        return "streaming";
    case VoiceSession::State::WaitingForReply:
        return "waiting_for_reply";
    case VoiceSession::State::Playing:
        return "playing";
    case VoiceSession::State::PlayingFallback:
        return "playing_fallback";
    case VoiceSession::State::Completed:
        return "completed";
    case VoiceSession::State::Failed:
        return "failed";
    }
    return "?";
}

VoiceSession::VoiceSession(VoiceSessionOptions options) : options_(options) {}

bool VoiceSession::isLive() const
{
    return state_ != State::Idle && state_ != State::Completed && state_ != State::Failed;
}

std::vector<VoiceAction> VoiceSession::takeActions()
{
    std::vector<VoiceAction> out;
    out.swap(actions_);
    return out;
}

std::vector<std::string> VoiceSession::topicSuffixes() const
{
    return {topic::kWakeAck, topic::kTranscript, topic::kPlay};
}

// ---------------------------------------------------------------- host calls

bool VoiceSession::start(const std::string &sessionId, std::string *error)
{
    if (isLive()) {
        *error = "session '" + sessionId_ + "' is still " + voiceStateName(state_);
        return false;
    }
    if (!isValidIdentifier(sessionId)) {
        *error = "session id must be 1-64 chars of [A-Za-z0-9_-]";
        return false;
    }
    if (sessionId == sessionId_) {
        *error = "session id '" + sessionId + "' was just used; session ids are unique per device";
        return false;
    }
    if (!device_ || !device_->isOnline()) {
        *error = "the device is offline";
        return false;
    }
    JsonDoc wake = JsonDoc::makeObject();
    wake.addString("session_id", sessionId);
    if (!device_->publish(topic::kWake, wake, 1, false)) {
        *error = "wake could not be published";
        return false;
    }
    sessionId_ = sessionId;
    ack_ = WakeAckMessage{};
    nextSeq_ = 0;
    lastReplySeq_ = 0;
    replyFrames_ = 0;
    replyMissing_ = 0;
    failureReason_.clear();
    finalTranscript_.clear();
    state_ = State::WaitingForAck;
    ++counters_.sessionsStarted;
    armDeadline(options_.wakeAckTimeoutMs);
    return true;
}

bool VoiceSession::sendFrame(const uint8_t *opus, std::size_t size, bool endOfSpeech, std::string *error)
{
    if (state_ != State::Streaming) {
        *error = std::string("not streaming (state ") + voiceStateName(state_) + ")";
        return false;
    }
    if (!opus || size < media::kUdpMinPayload || size > media::kUdpMaxPayload) {
        *error = "an Opus frame must be 1..1000 bytes";
        return false;
    }
    media::UdpHeader header;
    header.flags = endOfSpeech ? media::kUdpFlagEndOfSpeech : 0;
    header.ssrc = ack_.ssrc;
    header.seq = nextSeq_;
    // Frames are captured back to back, so the capture clock is the frame number times 20 ms.
    header.timestamp = nextSeq_ * kFrameMs;
    media::EncodedPacket packet = media::encodePacket(header, opus, size, ack_.key);
    if (!packet.ok()) {
        *error = packet.error;
        return false;
    }
    ++nextSeq_;
    ++counters_.datagramsSent;
    queue(SendDatagram{ack_.udpHost, ack_.udpPort, std::move(packet.datagram)});
    if (endOfSpeech) {
        state_ = State::WaitingForReply;
        armDeadline(options_.replyTimeoutMs);
    }
    return true;
}

bool VoiceSession::audioSocketMessage(const std::string &text)
{
    AudioSocketMessage m;
    std::string error;
    if (!parseAudioSocketMessage(text, &m, &error))
        return reject("device WebSocket message", error);
    if (!isForLiveSession(m.sessionId))
        return true;
    switch (m.type) {
    case AudioSocketMessage::Type::PlayStart:
        onPlayStart(m);
        return true;
    case AudioSocketMessage::Type::AudioFrame:
        return onAudioFrame(m);
    case AudioSocketMessage::Type::PlayEnd:
        if (state_ != State::Playing)
            return reject("play_end",
                          std::string("no reply is playing (state ") + voiceStateName(state_) + ")");
        onPlayEnd();
        return true;
    }
    return true;
}

void VoiceSession::fallbackPlaybackFinished(bool played)
{
    if (state_ != State::PlayingFallback)
        return;
    publishSessionEnd();
    if (played)
        complete();
    else
        fail("fallback_failed");
}

void VoiceSession::abort(const std::string &why)
{
    if (isLive())
        fail("aborted: " + why);
}

// ---------------------------------------------------------------- DeviceComponent

void VoiceSession::onConnected(DeviceContext &device)
{
    device_ = &device; // DeviceCore hands the same context every time; start() needs it to publish
}

void VoiceSession::onTick(DeviceContext &device)
{
    device_ = &device;
    if (!isLive() || deadlineMs_ == 0 || now() < deadlineMs_)
        return;
    if (state_ == State::WaitingForAck)
        fail("wake_ack_timeout");
    else if (state_ == State::Streaming)
        return; // the host paces the frames; it ends the utterance
    else
        fail("reply_timeout");
}

bool VoiceSession::onMessage(DeviceContext &device, const std::string &suffix, const cJSON *payload)
{
    device_ = &device;
    if (suffix == topic::kWakeAck)
        return onWakeAck(payload);
    if (suffix == topic::kTranscript)
        return onTranscript(payload);
    if (suffix == topic::kPlay)
        return onPlay(payload);
    return false;
}

// ---------------------------------------------------------------- messages

bool VoiceSession::onWakeAck(const cJSON *payload)
{
    WakeAckMessage ack;
    std::string error;
    if (!parseWakeAck(payload, &ack, &error))
        return reject(topic::kWakeAck, error);
    if (!isForLiveSession(ack.sessionId))
        return true;
    if (state_ != State::WaitingForAck) {
        ++counters_.staleMessages; // a repeated ack (QoS 1 redelivery): the first one counts
        return true;
    }
    ack_ = std::move(ack);
    state_ = State::Streaming;
    deadlineMs_ = 0;
    queue(OpenAudioSocket{sessionId_, ack_.wsUrl});
    queue(StartStreaming{sessionId_});
    return true;
}

bool VoiceSession::onTranscript(const cJSON *payload)
{
    TranscriptMessage t;
    std::string error;
    if (!parseTranscript(payload, &t, &error))
        return reject(topic::kTranscript, error);
    if (!isForLiveSession(t.sessionId))
        return true;
    if (state_ == State::WaitingForAck)
        return reject(topic::kTranscript, "no wake/ack yet");
    ++counters_.transcripts;
    if (t.isFinal) {
        finalTranscript_ = t.text;
        stopStreamingEarly(); // the server decided the utterance is over
    }
    queue(TranscriptUpdate{sessionId_, t.text, t.isFinal});
    return true;
}

bool VoiceSession::onPlay(const cJSON *payload)
{
    PlayMessage p;
    std::string error;
    if (!parsePlay(payload, &p, &error))
        return reject(topic::kPlay, error);
    if (!isForLiveSession(p.sessionId))
        return true;
    if (state_ == State::WaitingForAck || state_ == State::PlayingFallback)
        return reject(topic::kPlay, std::string("unexpected in state ") + voiceStateName(state_));
    stopStreamingEarly();
    ++counters_.fallbacks;
    state_ = State::PlayingFallback;
    deadlineMs_ = 0; // the host's download decides; it reports back with fallbackPlaybackFinished()
    queue(FetchFallbackAudio{sessionId_, p.audioUrl});
    return true;
}

void VoiceSession::onPlayStart(const AudioSocketMessage &m)
{
    if (state_ == State::WaitingForAck || state_ == State::PlayingFallback) {
        reject("play_start", std::string("unexpected in state ") + voiceStateName(state_));
        return;
    }
    stopStreamingEarly();
    state_ = State::Playing;
    lastReplySeq_ = 0;
    armDeadline(options_.replyTimeoutMs);
    queue(ReplyStarted{sessionId_, m.totalFrames, m.durationMs});
}

bool VoiceSession::onAudioFrame(const AudioSocketMessage &m)
{
    if (state_ != State::Playing)
        return reject("audio_frame", std::string("no play_start (state ") + voiceStateName(state_) + ")");
    if (m.seq <= lastReplySeq_)
        return reject("audio_frame",
                      "seq " + std::to_string(m.seq) + " is not after " + std::to_string(lastReplySeq_));
    const uint32_t missing = m.seq - lastReplySeq_ - 1;
    replyMissing_ += missing;
    counters_.replyFramesMissing += missing;
    lastReplySeq_ = m.seq;
    ++replyFrames_;
    ++counters_.replyFrames;
    armDeadline(options_.replyTimeoutMs);
    queue(PlayAudio{sessionId_, m.seq, m.opus, m.isFinal});
    return true;
}

void VoiceSession::onPlayEnd()
{
    queue(ReplyFinished{sessionId_, replyFrames_, replyMissing_});
    publishSessionEnd();
    complete();
}

// ---------------------------------------------------------------- helpers

bool VoiceSession::isForLiveSession(const std::string &sessionId)
{
    if (isLive() && sessionId == sessionId_)
        return true;
    ++counters_.staleMessages; // an old session's late message, or another speaker's
    return false;
}

void VoiceSession::stopStreamingEarly()
{
    if (state_ != State::Streaming)
        return;
    state_ = State::WaitingForReply;
    armDeadline(options_.replyTimeoutMs);
    queue(StopStreaming{sessionId_});
}

void VoiceSession::publishSessionEnd()
{
    JsonDoc end = JsonDoc::makeObject();
    end.addString("session_id", sessionId_);
    if (!device_ || !device_->publish(topic::kSessionEnd, end, 1, false))
        log(LogEvent::Level::Warning, "session_end for '" + sessionId_ +
                                          "' not sent (offline); the server closes the session by time-out");
}

void VoiceSession::complete()
{
    state_ = State::Completed;
    deadlineMs_ = 0;
    ++counters_.sessionsCompleted;
    queue(SessionEnded{sessionId_, true, {}});
}

void VoiceSession::fail(const std::string &reason)
{
    state_ = State::Failed;
    deadlineMs_ = 0;
    failureReason_ = reason;
    ++counters_.sessionsFailed;
    log(LogEvent::Level::Warning, "voice session '" + sessionId_ + "' failed: " + reason);
    queue(SessionEnded{sessionId_, false, reason});
}

void VoiceSession::armDeadline(uint32_t ms)
{
    deadlineMs_ = now() + ms;
}

bool VoiceSession::reject(const std::string &what, const std::string &why)
{
    ++counters_.rejectedMessages;
    log(LogEvent::Level::Warning, "rejected " + what + ": " + why);
    return false;
}

void VoiceSession::log(LogEvent::Level level, const std::string &message)
{
    queue(LogEvent{level, message});
}

void VoiceSession::queue(VoiceAction action)
{
    actions_.push_back(std::move(action));
    if (onActions_)
        onActions_();
}

uint64_t VoiceSession::now() const
{
    return device_ ? device_->nowMs() : 0;
}

} // namespace spk::fw
