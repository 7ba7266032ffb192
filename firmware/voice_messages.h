#pragma once
// Strict readers for the voice messages a speaker receives (protocol.md §3 wake/ack, transcript, play;
// §5 play_start, audio_frame, play_end). Each returns false with a human *error naming the field.
#include "shared/media/session_key.h"
#include "shared/wire/limits.h"

#include <cstdint>
#include <string>
#include <vector>

struct cJSON;

namespace spk::fw {

struct WakeAckMessage
{
    std::string sessionId;
    std::string udpHost;
    uint16_t udpPort = 0;
    uint32_t ssrc = 0;
    media::SessionKey key{};
    std::string wsUrl;
};

struct TranscriptMessage
{
    std::string sessionId;
    std::string text; // may be empty for a partial ("nothing recognised yet")
    bool isFinal = false;
};

struct PlayMessage
{
    std::string sessionId;
    std::string audioUrl;
};

struct AudioSocketMessage
{
    enum class Type { PlayStart, AudioFrame, PlayEnd };
    Type type = Type::PlayStart;
    std::string sessionId;
    int totalFrames = -1; // play_start; -1 when null
    int durationMs = -1;  // play_start; -1 when null
    uint32_t seq = 0;     // audio_frame, from 1
    std::vector<uint8_t> opus;
    bool isFinal = false;
};

using spk::wire::kMaxTranscriptChars;
using spk::wire::kMaxUrlChars;
constexpr std::size_t kMaxReplyFrameBytes = spk::wire::kMaxOpusPacketBytes;

bool parseWakeAck(const cJSON *payload, WakeAckMessage *out, std::string *error);
bool parseTranscript(const cJSON *payload, TranscriptMessage *out, std::string *error);
bool parsePlay(const cJSON *payload, PlayMessage *out, std::string *error);
// Parses one text frame of the device WebSocket (the whole text; at most 64 KiB).
bool parseAudioSocketMessage(const std::string &text, AudioSocketMessage *out, std::string *error);

} // namespace spk::fw
