#pragma once
// Size limits both ends of a link enforce (protocol.md). Qt-free.
#include <cstddef>

namespace spk::wire {

// Any MQTT payload on device/{id}/…: larger ones are dropped and counted.
inline constexpr std::size_t kMaxMqttPayload = 64 * 1024;
// A JSON message on the device audio WebSocket /ws/audio.
inline constexpr std::size_t kMaxAudioMessageBytes = 64 * 1024;
// Text fields.
inline constexpr std::size_t kMaxFirmwareVersionChars = 32;
inline constexpr std::size_t kMaxUrlChars = 2048;
inline constexpr std::size_t kMaxTranscriptChars = 8192;
// The largest Opus packet (RFC 6716), the most one reply frame may carry.
inline constexpr std::size_t kMaxOpusPacketBytes = 1275;

} // namespace spk::wire
