#pragma once
// Why the bridge dropped an uplink datagram (protocol.md §4). Qt-free: the firmware core links it too.
#include <cstdint>

namespace spk::media {

enum class DropReason : std::uint8_t {
    None,           // not dropped
    BadVersion,     // version byte is not 1
    LengthMismatch, // datagram too short, length field outside 1..1000, or size != 16 + length + 16
    UnknownSsrc,    // no live session owns this ssrc
    AuthFailed,     // ChaCha20-Poly1305 tag did not verify (wrong key, tampered header or payload)
    Duplicate,      // seq already seen in this session
    TooOld,         // seq older than the replay window / jitter buffer can use
};

// Stable snake_case names used as Prometheus label values, e.g. "auth_failed"; "none" for None.
const char *dropReasonName(DropReason reason);

} // namespace spk::media
