#include "firmware/voice_session.h"

#include "firmware/identifiers.h"
#include "firmware/json_doc.h"
#include "shared/media/udp_packet.h"

#include <cjson/cJSON.h>

namespace spk::fw {

namespace {
constexpr uint32_t kFrameMs = 20; // one datagram per 20 ms frame (CONTRACT §4)
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

VoiceSession::VoiceSession(VoiceSessionOptions options) : m_options(options) {}

bool VoiceSession::isLive() const
{
    return m_state != State::Idle && m_state != State::Completed && m_state != State::Failed;
}

std::vector<VoiceAction> VoiceSession::takeActions()
{
    std::vector<VoiceAction> out;
    out.swap(m_actions);
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
        *error = "session '" + m_sessionId + "' is still " + voiceStateName(m_state);
        return false;
    }
    if (!isValidIdentifier(sessionId)) {
        *error = "session id must be 1-64 chars of [A-Za-z0-9_-]";
        return false;
    }
    if (sessionId == m_sessionId) {
        *error = "session id '" + sessionId + "' was just used; session ids are unique per device";
        return false;
    }
    if (!m_device || !m_device->isOnline()) {
        *error = "the device is offline";
        return false;
    }
    JsonDoc wake = JsonDoc::makeObject();
    wake.addString("session_id", sessionId);
    if (!m_device->publish(topic::kWake, wake, 1, false)) {
        *error = "wake could not be published";
        return false;
    }
    m_sessionId = sessionId;
    m_ack = WakeAckMessage{};
    m_nextSeq = 0;
    m_lastReplySeq = 0;
    m_replyFrames = 0;
    m_replyMissing = 0;
    m_failureReason.clear();
    m_finalTranscript.clear();
    m_state = State::WaitingForAck;
    ++m_counters.sessionsStarted;
    armDeadline(m_options.wakeAckTimeoutMs);
    return true;
}

bool VoiceSession::sendFrame(const uint8_t *opus, std::size_t size, bool endOfSpeech, std::string *error)
{
    if (m_state != State::Streaming) {
        *error = std::string("not streaming (state ") + voiceStateName(m_state) + ")";
        return false;
    }
    if (!opus || size < media::kUdpMinPayload || size > media::kUdpMaxPayload) {
        *error = "an Opus frame must be 1..1000 bytes";
        return false;
    }
    media::UdpHeader header;
    header.flags = endOfSpeech ? media::kUdpFlagEndOfSpeech : 0;
    header.ssrc = m_ack.ssrc;
    header.seq = m_nextSeq;
    // Frames are captured back to back, so the capture clock is the frame number times 20 ms.
    header.timestamp = m_nextSeq * kFrameMs;
    media::EncodedPacket packet = media::encodePacket(header, opus, size, m_ack.key);
    if (!packet.ok()) {
        *error = packet.error;
        return false;
    }
    ++m_nextSeq;
    ++m_counters.datagramsSent;
    queue(SendDatagram{m_ack.udpHost, m_ack.udpPort, std::move(packet.datagram)});
    if (endOfSpeech) {
        m_state = State::WaitingForReply;
        armDeadline(m_options.replyTimeoutMs);
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
        if (m_state != State::Playing)
            return reject("play_end",
                          std::string("no reply is playing (state ") + voiceStateName(m_state) + ")");
        onPlayEnd();
        return true;
    }
    return true;
}

void VoiceSession::fallbackPlaybackFinished(bool played)
{
    if (m_state != State::PlayingFallback)
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
    m_device = &device; // DeviceCore hands the same context every time; start() needs it to publish
}

void VoiceSession::onTick(DeviceContext &device)
{
    m_device = &device;
    if (!isLive() || m_deadlineMs == 0 || now() < m_deadlineMs)
        return;
    if (m_state == State::WaitingForAck)
        fail("wake_ack_timeout");
    else if (m_state == State::Streaming)
        return; // the host paces the frames; it ends the utterance
    else
        fail("reply_timeout");
}

bool VoiceSession::onMessage(DeviceContext &device, const std::string &suffix, const cJSON *payload)
{
    m_device = &device;
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
    if (m_state != State::WaitingForAck) {
        ++m_counters.staleMessages; // a repeated ack (QoS 1 redelivery): the first one counts
        return true;
    }
    m_ack = std::move(ack);
    m_state = State::Streaming;
    m_deadlineMs = 0;
    queue(OpenAudioSocket{m_sessionId, m_ack.wsUrl});
    queue(StartStreaming{m_sessionId});
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
    if (m_state == State::WaitingForAck)
        return reject(topic::kTranscript, "no wake/ack yet");
    ++m_counters.transcripts;
    if (t.isFinal) {
        m_finalTranscript = t.text;
        stopStreamingEarly(); // the server decided the utterance is over
    }
    queue(TranscriptUpdate{m_sessionId, t.text, t.isFinal});
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
    if (m_state == State::WaitingForAck || m_state == State::PlayingFallback)
        return reject(topic::kPlay, std::string("unexpected in state ") + voiceStateName(m_state));
    stopStreamingEarly();
    ++m_counters.fallbacks;
    m_state = State::PlayingFallback;
    m_deadlineMs = 0; // the host's download decides; it reports back with fallbackPlaybackFinished()
    queue(FetchFallbackAudio{m_sessionId, p.audioUrl});
    return true;
}

void VoiceSession::onPlayStart(const AudioSocketMessage &m)
{
    if (m_state == State::WaitingForAck || m_state == State::PlayingFallback) {
        reject("play_start", std::string("unexpected in state ") + voiceStateName(m_state));
        return;
    }
    stopStreamingEarly();
    m_state = State::Playing;
    m_lastReplySeq = 0;
    armDeadline(m_options.replyTimeoutMs);
    queue(ReplyStarted{m_sessionId, m.totalFrames, m.durationMs});
}

bool VoiceSession::onAudioFrame(const AudioSocketMessage &m)
{
    if (m_state != State::Playing)
        return reject("audio_frame", std::string("no play_start (state ") + voiceStateName(m_state) + ")");
    if (m.seq <= m_lastReplySeq)
        return reject("audio_frame",
                      "seq " + std::to_string(m.seq) + " is not after " + std::to_string(m_lastReplySeq));
    const uint32_t missing = m.seq - m_lastReplySeq - 1;
    m_replyMissing += missing;
    m_counters.replyFramesMissing += missing;
    m_lastReplySeq = m.seq;
    ++m_replyFrames;
    ++m_counters.replyFrames;
    armDeadline(m_options.replyTimeoutMs);
    queue(PlayAudio{m_sessionId, m.seq, m.opus, m.isFinal});
    return true;
}

void VoiceSession::onPlayEnd()
{
    queue(ReplyFinished{m_sessionId, m_replyFrames, m_replyMissing});
    publishSessionEnd();
    complete();
}

// ---------------------------------------------------------------- helpers

bool VoiceSession::isForLiveSession(const std::string &sessionId)
{
    if (isLive() && sessionId == m_sessionId)
        return true;
    ++m_counters.staleMessages; // an old session's late message, or another speaker's
    return false;
}

void VoiceSession::stopStreamingEarly()
{
    if (m_state != State::Streaming)
        return;
    m_state = State::WaitingForReply;
    armDeadline(m_options.replyTimeoutMs);
    queue(StopStreaming{m_sessionId});
}

void VoiceSession::publishSessionEnd()
{
    JsonDoc end = JsonDoc::makeObject();
    end.addString("session_id", m_sessionId);
    if (!m_device || !m_device->publish(topic::kSessionEnd, end, 1, false))
        log(LogEvent::Level::Warning, "session_end for '" + m_sessionId +
                                          "' not sent (offline); the server closes the session by time-out");
}

void VoiceSession::complete()
{
    m_state = State::Completed;
    m_deadlineMs = 0;
    ++m_counters.sessionsCompleted;
    queue(SessionEnded{m_sessionId, true, {}});
}

void VoiceSession::fail(const std::string &reason)
{
    m_state = State::Failed;
    m_deadlineMs = 0;
    m_failureReason = reason;
    ++m_counters.sessionsFailed;
    log(LogEvent::Level::Warning, "voice session '" + m_sessionId + "' failed: " + reason);
    queue(SessionEnded{m_sessionId, false, reason});
}

void VoiceSession::armDeadline(uint32_t ms)
{
    m_deadlineMs = now() + ms;
}

bool VoiceSession::reject(const std::string &what, const std::string &why)
{
    ++m_counters.rejectedMessages;
    log(LogEvent::Level::Warning, "rejected " + what + ": " + why);
    return false;
}

void VoiceSession::log(LogEvent::Level level, const std::string &message)
{
    queue(LogEvent{level, message});
}

void VoiceSession::queue(VoiceAction action)
{
    m_actions.push_back(std::move(action));
    if (m_onActions)
        m_onActions();
}

uint64_t VoiceSession::now() const
{
    return m_device ? m_device->nowMs() : 0;
}

} // namespace spk::fw
