#include "firmware/voice_messages.h"

#include "firmware/identifiers.h"
#include "firmware/json_doc.h"
#include "shared/media/sodium_init.h"

#include <cjson/cJSON.h>
#include <sodium.h>

#include <cmath>

namespace spk::fw {

namespace {

using spk::wire::kMaxAudioMessageBytes;

bool startsWith(const std::string &s, const char *prefix)
{
    return s.rfind(prefix, 0) == 0;
}

bool readSessionId(const cJSON *payload, std::string *out, std::string *error)
{
    if (!readString(payload, "session_id", 64, out, error))
        return false;
    if (!isValidIdentifier(*out)) {
        *error = "'session_id' must be 1-64 chars of [A-Za-z0-9_-]";
        return false;
    }
    return true;
}

// An integer in [min, max] that may exceed int (ssrc is 32-bit unsigned).
bool readWholeNumber(const cJSON *object, const char *key, double min, double max, double *out,
                     std::string *error)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);
    if (!item) {
        *error = std::string("'") + key + "' is missing";
        return false;
    }
    if (!cJSON_IsNumber(item) || !std::isfinite(item->valuedouble) ||
        std::floor(item->valuedouble) != item->valuedouble || item->valuedouble < min ||
        item->valuedouble > max) {
        *error = std::string("'") + key + "' must be an integer in " + std::to_string(int64_t(min)) + ".." +
                 std::to_string(int64_t(max));
        return false;
    }
    *out = item->valuedouble;
    return true;
}

// Absent or null → -1; otherwise a non-negative integer.
bool readOptionalCount(const cJSON *object, const char *key, int *out, std::string *error)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);
    if (!item || cJSON_IsNull(item)) {
        *out = -1;
        return true;
    }
    return readInt(object, key, 0, 1 << 30, out, error);
}

// A text field that may be empty (readString insists on 1..max characters).
bool readText(const cJSON *object, const char *key, std::size_t maxLen, std::string *out, std::string *error)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);
    if (!item || !cJSON_IsString(item) || !item->valuestring) {
        *error = std::string("'") + key + (item ? "' must be a string" : "' is missing");
        return false;
    }
    std::string value(item->valuestring);
    if (value.size() > maxLen) {
        *error = std::string("'") + key + "' is longer than " + std::to_string(maxLen) + " characters";
        return false;
    }
    *out = std::move(value);
    return true;
}

bool decodeBase64(const std::string &text, std::size_t maxBytes, std::vector<uint8_t> *out)
{
    if (!media::ensureSodium())
        return false;
    // Decode into one spare byte so that "too long" is detected instead of silently truncated.
    std::vector<uint8_t> buffer(maxBytes + 1);
    std::size_t decoded = 0;
    const char *end = nullptr;
    if (sodium_base642bin(buffer.data(), buffer.size(), text.data(), text.size(), nullptr, &decoded, &end,
                          sodium_base64_VARIANT_ORIGINAL) != 0)
        return false;
    if (end != text.data() + text.size() || decoded == 0 || decoded > maxBytes)
        return false;
    buffer.resize(decoded);
    *out = std::move(buffer);
    return true;
}

} // namespace

bool parseWakeAck(const cJSON *payload, WakeAckMessage *out, std::string *error)
{
    WakeAckMessage m;
    if (!readSessionId(payload, &m.sessionId, error))
        return false;
    const cJSON *udp = cJSON_GetObjectItemCaseSensitive(payload, "udp");
    if (!cJSON_IsObject(udp)) {
        *error = udp ? "'udp' must be an object" : "'udp' is missing";
        return false;
    }
    double port = 0, ssrc = 0;
    std::string key;
    if (!readString(udp, "host", 253, &m.udpHost, error) ||
        !readWholeNumber(udp, "port", 1, 65535, &port, error) ||
        !readWholeNumber(udp, "ssrc", 0, 4294967295.0, &ssrc, error) ||
        !readString(udp, "key", 64, &key, error))
        return false;
    const auto sessionKey = media::sessionKeyFromBase64(key);
    if (!sessionKey) {
        *error = "'key' must be base64 of 32 bytes";
        return false;
    }
    if (!readString(payload, "ws_url", kMaxUrlChars, &m.wsUrl, error))
        return false;
    if (!startsWith(m.wsUrl, "ws://") && !startsWith(m.wsUrl, "wss://")) {
        *error = "'ws_url' must start with ws:// or wss://";
        return false;
    }
    m.udpPort = uint16_t(port);
    m.ssrc = uint32_t(ssrc);
    m.key = *sessionKey;
    *out = std::move(m);
    return true;
}

bool parseTranscript(const cJSON *payload, TranscriptMessage *out, std::string *error)
{
    TranscriptMessage m;
    if (!readSessionId(payload, &m.sessionId, error) ||
        !readText(payload, "text", kMaxTranscriptChars, &m.text, error) ||
        !readBool(payload, "is_final", &m.isFinal, error))
        return false;
    *out = std::move(m);
    return true;
}

bool parsePlay(const cJSON *payload, PlayMessage *out, std::string *error)
{
    PlayMessage m;
    std::string mode;
    if (!readSessionId(payload, &m.sessionId, error) ||
        !readString(payload, "audio_url", kMaxUrlChars, &m.audioUrl, error) ||
        !readString(payload, "mode", 32, &mode, error))
        return false;
    if (mode != "fallback") {
        *error = "'mode' must be \"fallback\"";
        return false;
    }
    if (!startsWith(m.audioUrl, "http://") && !startsWith(m.audioUrl, "https://")) {
        *error = "'audio_url' must start with http:// or https://";
        return false;
    }
    *out = std::move(m);
    return true;
}

bool parseAudioSocketMessage(const std::string &text, AudioSocketMessage *out, std::string *error)
{
    ParsedPayload parsed = parseObjectPayload(text, kMaxAudioMessageBytes);
    if (parsed.error != PayloadError::None) {
        *error = parsed.message;
        return false;
    }
    const cJSON *object = parsed.doc.get();
    AudioSocketMessage m;
    std::string type;
    if (!readString(object, "type", 32, &type, error) || !readSessionId(object, &m.sessionId, error))
        return false;
    if (type == "play_start") {
        m.type = AudioSocketMessage::Type::PlayStart;
        if (!readOptionalCount(object, "total_frames", &m.totalFrames, error) ||
            !readOptionalCount(object, "duration_ms", &m.durationMs, error))
            return false;
    } else if (type == "audio_frame") {
        m.type = AudioSocketMessage::Type::AudioFrame;
        double seq = 0;
        std::string data;
        if (!readWholeNumber(object, "seq", 1, 4294967295.0, &seq, error) ||
            !readString(object, "data", 4 * kMaxReplyFrameBytes, &data, error) ||
            !readBool(object, "is_final", &m.isFinal, error))
            return false;
        if (!decodeBase64(data, kMaxReplyFrameBytes, &m.opus)) {
            *error = "'data' must be base64 of 1.." + std::to_string(kMaxReplyFrameBytes) + " bytes";
            return false;
        }
        m.seq = uint32_t(seq);
    } else if (type == "play_end") {
        m.type = AudioSocketMessage::Type::PlayEnd;
    } else {
        *error = "unknown message type '" + type + "'";
        return false;
    }
    *out = std::move(m);
    return true;
}

} // namespace spk::fw
