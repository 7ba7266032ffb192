#pragma once
// The vocabulary of the bridge's UDP uplink (protocol.md §4): what a conversation hears from its
// stream (UplinkSink), what a media worker hands to the conversations' thread (UplinkEvent), why a
// datagram was dropped (UplinkDrop), and one session's receive state (UplinkStream).
#include "shared/media/jitter_buffer.h"
#include "shared/media/opus_frame_decoder.h"
#include "shared/media/session_key.h"
#include "shared/media/udp_drop_reason.h"

#include <QtGlobal>

#include <array>
#include <functional>
#include <vector>

namespace spk::server {
class Counter;

// Called on the conversations' thread, in order.
struct UplinkSink
{
    std::function<void()> onAudio; // authentic frames arrived (at most once per tick)
    std::function<void(const QByteArray &)>
        onOpus; // a frame's Opus packet, before its onPcm; empty if concealed
    std::function<void(const spk::media::Pcm16 &)> onPcm; // one 20 ms frame (decoded or concealed), in order
    std::function<void()> onEndOfSpeech;                  // the device's end-flag frame has been played out
    std::function<void()> onHeavyLoss;                    // loss stayed heavy: the session should fail
};

struct UplinkEvent
{
    enum class Kind : quint8 { Audio, Frame, EndOfSpeech, HeavyLoss };
    quint32 ssrc = 0;
    Kind kind = Kind::Audio;
    QByteArray opus;       // Frame: the packet, empty when concealed
    spk::media::Pcm16 pcm; // Frame: 20 ms of 16 kHz PCM
};
using UplinkBatch = std::vector<UplinkEvent>;

// The packet-level reasons first, in spk::media::DropReason's order (without None), then the
// bridge's own.
enum class UplinkDrop : int {
    BadVersion,
    LengthMismatch,
    UnknownSsrc,
    AuthFailed,
    Duplicate,
    TooOld,
    OutOfRange,    // over 150 frames ahead, or after the end frame
    SessionClosed, // after the end of speech
    Count
};
// The Prometheus label of spk_bridge_udp_dropped_total{reason=…}.
const char *uplinkDropLabel(UplinkDrop reason);
// A packet-level drop (decodePacket's verdict, not None) as the bridge counts it.
UplinkDrop uplinkDropOf(spk::media::DropReason reason);

// Shared by every media worker (the counters are atomic).
struct UplinkCounters
{
    std::array<Counter *, std::size_t(UplinkDrop::Count)> dropped{};
    Counter *framesIn = nullptr;  // authentic frames accepted into a jitter buffer
    Counter *framesOut = nullptr; // frames played out (decoded or concealed)
    Counter *concealed = nullptr;
};

// One session's uplink inside its media worker: key, jitter buffer (reorder, PLC decisions,
// heavy-loss verdict) and Opus decoder.
struct UplinkStream
{
    UplinkStream(const spk::media::SessionKey &k, const spk::media::JitterBufferSettings &settings)
        : key(k), jitter(settings)
    {
    }
    spk::media::SessionKey key;
    spk::media::JitterBuffer jitter;
    spk::media::OpusFrameDecoder decoder;
    bool closed = false;     // end of speech reached (flag, VAD or time-out): later frames are dropped
    bool heardAudio = false; // an authentic frame arrived since the last batch
    bool everHeard = false;  // any authentic frame so far (the first one is reported at once)
    bool lossReported = false;
};

} // namespace spk::server
