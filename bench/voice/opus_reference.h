#pragma once
// The reference for the media benchmark: bare libopus decoding (OpusFrameDecoder, one decoder per
// stream as the bridge has) of a given number of the clip's frames, on this thread.
#include "bench/voice/speech_clip.h"

namespace spk::bench {

struct OpusReference
{
    qint64 frames = 0;
    double cpuSeconds = 0; // this thread's CPU time for the decoding
};

OpusReference decodeLikeStreams(const SpeechClip &clip, int streams, qint64 frames);

} // namespace spk::bench
