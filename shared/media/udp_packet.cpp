#include "shared/media/udp_packet.h"

#include "shared/media/sodium_init.h"

#include <sodium.h>

#include <array>

namespace spk::media {
namespace {

using Nonce = std::array<std::uint8_t, crypto_aead_chacha20poly1305_IETF_NPUBBYTES>;
static_assert(crypto_aead_chacha20poly1305_IETF_NPUBBYTES == 12, "contract nonce is 12 bytes");
static_assert(crypto_aead_chacha20poly1305_IETF_ABYTES == kUdpTagSize, "contract tag is 16 bytes");
static_assert(crypto_aead_chacha20poly1305_IETF_KEYBYTES == kSessionKeySize, "contract key is 32 bytes");

void putBe16(std::uint8_t *out, std::uint16_t v)
{
    out[0] = static_cast<std::uint8_t>(v >> 8);
    out[1] = static_cast<std::uint8_t>(v);
}

void putBe32(std::uint8_t *out, std::uint32_t v)
{
    out[0] = static_cast<std::uint8_t>(v >> 24);
    out[1] = static_cast<std::uint8_t>(v >> 16);
    out[2] = static_cast<std::uint8_t>(v >> 8);
    out[3] = static_cast<std::uint8_t>(v);
}

std::uint16_t be16(const std::uint8_t *in)
{
    return static_cast<std::uint16_t>((in[0] << 8) | in[1]);
}

std::uint32_t be32(const std::uint8_t *in)
{
    return (std::uint32_t(in[0]) << 24) | (std::uint32_t(in[1]) << 16) | (std::uint32_t(in[2]) << 8) |
           std::uint32_t(in[3]);
}

void writeHeader(const UdpHeader &h, std::uint8_t *out)
{
    out[0] = h.version;
    out[1] = h.flags;
    putBe16(out + 2, h.payloadLength);
    putBe32(out + 4, h.ssrc);
    putBe32(out + 8, h.seq);
    putBe32(out + 12, h.timestamp);
}

UdpHeader readHeader(const std::uint8_t *in)
{
    UdpHeader h;
    h.version = in[0];
    h.flags = in[1];
    h.payloadLength = be16(in + 2);
    h.ssrc = be32(in + 4);
    h.seq = be32(in + 8);
    h.timestamp = be32(in + 12);
    return h;
}

// Nonce = ssrc (4) || seq (4) || 0000: unique per frame within a session, and every session has its
// own random key, so a nonce is never reused under one key.
Nonce makeNonce(std::uint32_t ssrc, std::uint32_t seq)
{
    Nonce nonce{};
    putBe32(nonce.data(), ssrc);
    putBe32(nonce.data() + 4, seq);
    return nonce;
}

} // namespace

EncodedPacket encodePacket(const UdpHeader &header, const std::uint8_t *opus, std::size_t opusSize,
                           const SessionKey &key)
{
    EncodedPacket result;
    if (opus == nullptr || opusSize < kUdpMinPayload || opusSize > kUdpMaxPayload) {
        result.error = "opus frame must be 1..1000 bytes, got " + std::to_string(opusSize);
        return result;
    }
    if (!ensureSodium()) {
        result.error = "libsodium failed to initialise";
        return result;
    }
    UdpHeader h = header;
    h.payloadLength = static_cast<std::uint16_t>(opusSize);
    result.datagram.resize(kUdpHeaderSize + opusSize + kUdpTagSize);
    std::uint8_t *out = result.datagram.data();
    writeHeader(h, out);
    const Nonce nonce = makeNonce(h.ssrc, h.seq);
    unsigned long long cipherLen = 0;
    crypto_aead_chacha20poly1305_ietf_encrypt(out + kUdpHeaderSize, &cipherLen, opus, opusSize, out,
                                              kUdpHeaderSize, nullptr, nonce.data(), key.data());
    return result;
}

EncodedPacket encodePacket(const UdpHeader &header, const std::vector<std::uint8_t> &opus,
                           const SessionKey &key)
{
    return encodePacket(header, opus.data(), opus.size(), key);
}

DecodedPacket decodePacket(const std::uint8_t *datagram, std::size_t size, const SessionKeyLookup &lookup)
{
    DecodedPacket result;
    if (datagram == nullptr || size == 0) {
        result.reason = DropReason::LengthMismatch;
        return result;
    }
    if (datagram[0] != kUdpVersion) {
        result.header.version = datagram[0];
        result.reason = DropReason::BadVersion;
        return result;
    }
    if (size < kUdpHeaderSize) {
        result.reason = DropReason::LengthMismatch;
        return result;
    }
    result.header = readHeader(datagram);
    const std::size_t length = result.header.payloadLength;
    if (length < kUdpMinPayload || length > kUdpMaxPayload || size != kUdpHeaderSize + length + kUdpTagSize) {
        result.reason = DropReason::LengthMismatch;
        return result;
    }
    const std::optional<SessionKey> key = lookup ? lookup(result.header.ssrc) : std::nullopt;
    if (!key) {
        result.reason = DropReason::UnknownSsrc;
        return result;
    }
    if (!ensureSodium()) {
        result.reason = DropReason::AuthFailed; // cannot verify, so cannot trust
        return result;
    }
    const Nonce nonce = makeNonce(result.header.ssrc, result.header.seq);
    std::vector<std::uint8_t> plain(length);
    unsigned long long plainLen = 0;
    if (crypto_aead_chacha20poly1305_ietf_decrypt(plain.data(), &plainLen, nullptr, datagram + kUdpHeaderSize,
                                                  length + kUdpTagSize, datagram, kUdpHeaderSize,
                                                  nonce.data(), key->data()) != 0) {
        result.reason = DropReason::AuthFailed;
        return result;
    }
    result.opus = std::move(plain);
    return result;
}

DecodedPacket decodePacket(const std::vector<std::uint8_t> &datagram, const SessionKeyLookup &lookup)
{
    return decodePacket(datagram.data(), datagram.size(), lookup);
}

} // namespace spk::media
