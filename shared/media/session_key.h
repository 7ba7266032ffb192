#pragma once
// The 32-byte per-session key of wake/ack (protocol.md §3/§4), and its base64 form. Qt-free.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace spk::media {

constexpr std::size_t kSessionKeySize = 32;
using SessionKey = std::array<std::uint8_t, kSessionKeySize>;

// A fresh key from libsodium's CSPRNG.
SessionKey randomSessionKey();
// Standard base64 with padding, as carried in wake/ack "key".
std::string sessionKeyToBase64(const SessionKey &key);
// Parses wake/ack "key"; nullopt unless it is valid base64 of exactly 32 bytes.
std::optional<SessionKey> sessionKeyFromBase64(std::string_view text);

} // namespace spk::media
