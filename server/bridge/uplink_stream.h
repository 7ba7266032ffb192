#pragma once
// One session's uplink as the bridge receives it: its key, jitter buffer (reorder, PLC decisions,
// heavy-loss verdict) and Opus decoder. UdpIngest owns these and drives them from its one 20 ms tick.
#include "shared/media/jitter_buffer.h"
#include "shared/media/opus_frame_decoder.h"
#include "shared/media/session_key.h"

#include <functional>

namespace spk::server {

struct UplinkSink
{
    std::function<void()> onAudio;                  // an authentic frame was accepted
    std::function<void(const QByteArray &)> onOpus; // its Opus packet, before its onPcm; empty if concealed
    std::function<void(const spk::media::Pcm16 &)> onPcm; // one 20 ms frame (decoded or concealed), in order
    std::function<void()> onEndOfSpeech;                  // the device's end-flag frame has been played out
    std::function<void()> onHeavyLoss;                    // loss stayed heavy: the session should fail
};

struct UplinkStream
{
    UplinkStream(const spk::media::SessionKey &k, const spk::media::JitterBufferSettings &settings,
                 UplinkSink s)
        : key(k), jitter(settings), sink(std::move(s))
    {
    }
    spk::media::SessionKey key;
    spk::media::JitterBuffer jitter;
    spk::media::OpusFrameDecoder decoder;
    UplinkSink sink;
    bool closed = false;  // end of speech reached (flag, VAD or time-out): later frames are dropped
    bool removed = false; // removed while a callback ran; skip it
    bool lossReported = false;
};

} // namespace spk::server
