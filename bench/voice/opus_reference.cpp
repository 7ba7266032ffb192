#include "bench/voice/opus_reference.h"

#include "shared/media/opus_frame_decoder.h"

#include <ctime>
#include <memory>
#include <vector>

namespace spk::bench {

namespace {
double threadCpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}
} // namespace

OpusReference decodeLikeStreams(const SpeechClip &clip, int streams, qint64 frames)
{
    std::vector<std::unique_ptr<spk::media::OpusFrameDecoder>> decoders;
    for (int i = 0; i < streams; ++i)
        decoders.push_back(std::make_unique<spk::media::OpusFrameDecoder>());
    std::vector<int> position(size_t(streams), 0);
    OpusReference ref;
    long long samples = 0; // used, so the decoding cannot be optimised away
    const double start = threadCpuSeconds();
    // Round robin over the streams, each decoding the clip in order: the same work and cache
    // behaviour as N live streams interleaved frame by frame.
    for (qint64 n = 0; n < frames; ++n) {
        const size_t s = size_t(n % streams);
        samples += qint64(decoders[s]->decode(clip.frames.at(position[s])).size());
        position[s] = (position[s] + 1) % int(clip.frames.size());
    }
    ref.cpuSeconds = threadCpuSeconds() - start;
    ref.frames = samples / 320;
    return ref;
}

} // namespace spk::bench
