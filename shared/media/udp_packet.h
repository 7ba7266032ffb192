#pragma once
// Codec for one UDP uplink datagram (protocol.md §4): 16-byte big-endian header followed by the
// ChaCha20-Poly1305 (IETF) ciphertext of one Opus frame and its 16-byte tag. Qt-free.
#include "shared/media/session_key.h"
#include "shared/media/udp_drop_reason.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace spk::media {

constexpr std::uint8_t kUdpVersion = 1;
constexpr std::uint8_t kUdpFlagEndOfSpeech = 0x01;
constexpr std::size_t kUdpHeaderSize = 16;
constexpr std::size_t kUdpTagSize = 16;
constexpr std::size_t kUdpMinPayload = 1;
constexpr std::size_t kUdpMaxPayload = 1000;
constexpr std::size_t kUdpMaxDatagram = kUdpHeaderSize + kUdpMaxPayload + kUdpTagSize;

struct UdpHeader
{
    std::uint8_t version = kUdpVersion;
    std::uint8_t flags = 0;
    std::uint16_t payloadLength = 0; // Opus bytes; encodePacket fills it in from the frame it is given
    std::uint32_t ssrc = 0;
    std::uint32_t seq = 0;
    std::uint32_t timestamp = 0; // ms since the first frame of the session

    bool endOfSpeech() const { return (flags & kUdpFlagEndOfSpeech) != 0; }
};

struct EncodedPacket
{
    std::vector<std::uint8_t> datagram; // empty when error is set
    std::string error;
    bool ok() const { return error.empty(); }
};

// Seals one Opus frame. header.payloadLength is ignored and replaced by opusSize; every other header
// field is written as given (so tests can produce authentic packets with another version).
// Errors: opusSize outside 1..1000, or libsodium unavailable.
EncodedPacket encodePacket(const UdpHeader &header, const std::uint8_t *opus, std::size_t opusSize,
                           const SessionKey &key);
EncodedPacket encodePacket(const UdpHeader &header, const std::vector<std::uint8_t> &opus,
                           const SessionKey &key);

// Looks up the key of the live session owning an ssrc; nullopt when there is none.
using SessionKeyLookup = std::function<std::optional<SessionKey>(std::uint32_t ssrc)>;

struct DecodedPacket
{
    DropReason reason = DropReason::None; // None means the packet is authentic
    UdpHeader header;                     // filled in as far as it could be parsed
    std::vector<std::uint8_t> opus;       // plaintext Opus frame, only when reason == None
    bool ok() const { return reason == DropReason::None; }
};

// Parses and authenticates one datagram. Checks, in order: version, lengths, ssrc, tag.
// Never throws on any input; replay protection is the caller's (see ReplayWindow).
DecodedPacket decodePacket(const std::uint8_t *datagram, std::size_t size, const SessionKeyLookup &lookup);
DecodedPacket decodePacket(const std::vector<std::uint8_t> &datagram, const SessionKeyLookup &lookup);

} // namespace spk::media
