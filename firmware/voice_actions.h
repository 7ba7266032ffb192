#pragma once
// What VoiceSession asks its host to do (protocol.md §4–§6). Like DeviceCore's Actions, the session never
// touches a socket, a codec or a clock: the host drains these in order and performs them. MQTT publishes
// (wake, session_end) go through the device's own queue (DeviceContext), everything else comes here.
#include "firmware/actions.h"

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace spk::fw {

// wake/ack arrived: open the device WebSocket (GET wsUrl with the device's credentials), or keep the
// one already open (one connection per device, reused across sessions), and hand every text message
// it receives to VoiceSession::audioSocketMessage().
struct OpenAudioSocket
{
    std::string sessionId;
    std::string wsUrl;
};

// Start capturing: feed 20 ms Opus frames to VoiceSession::sendFrame(), the last with endOfSpeech.
struct StartStreaming
{
    std::string sessionId;
};

// The server ended the utterance first (its final transcript or its reply came): stop capturing.
struct StopStreaming
{
    std::string sessionId;
};

// Send one sealed uplink datagram (protocol.md §4) to host:port.
struct SendDatagram
{
    std::string host;
    uint16_t port = 0;
    std::vector<uint8_t> bytes;
};

// A partial or final transcript of what the user said (MQTT transcript).
struct TranscriptUpdate
{
    std::string sessionId;
    std::string text;
    bool isFinal = false;
};

// play_start on the device WebSocket. -1 = not known yet (the server streams while synthesising).
struct ReplyStarted
{
    std::string sessionId;
    int totalFrames = -1;
    int durationMs = -1;
};

// One 20 ms Opus frame of the reply, in order: decode and play it.
struct PlayAudio
{
    std::string sessionId;
    uint32_t seq = 0; // from 1
    std::vector<uint8_t> opus;
    bool isFinal = false;
};

// play_end: the whole reply was delivered over the WebSocket. session_end has been published.
struct ReplyFinished
{
    std::string sessionId;
    uint32_t frames = 0;        // audio_frame messages played
    uint32_t missingFrames = 0; // seq gaps
};

// The server had no WebSocket for us (MQTT play, mode fallback): download the Ogg Opus reply at url (one
// time, valid for about 60 s), play it instead of anything received so far, then call
// VoiceSession::fallbackPlaybackFinished().
struct FetchFallbackAudio
{
    std::string sessionId;
    std::string url;
};

// The session is over. completed: the reply was heard and session_end published; otherwise reason says
// why it failed (wake_ack_timeout, reply_timeout, fallback_failed, aborted: …).
struct SessionEnded
{
    std::string sessionId;
    bool completed = false;
    std::string reason;
};

using VoiceAction =
    std::variant<OpenAudioSocket, StartStreaming, StopStreaming, SendDatagram, TranscriptUpdate, ReplyStarted,
                 PlayAudio, ReplyFinished, FetchFallbackAudio, SessionEnded, LogEvent>;

} // namespace spk::fw
