#pragma once
// Item 2 of the voice benchmarks: the media path alone. N devices wake (one MQTT client publishes for
// all of them) and stream the clip in a loop, 20 ms frames from one UDP socket, while spkd runs the
// "null" ASR and TTS. Over a fixed window with every stream live it measures spkd's CPU per stream;
// over the whole run, the frames the server did not turn into audio. Beside it, in the same run, bare
// libopus decoding of as many frames (the floor any server pays). No /ws/audio is opened: the replies
// go to the fallback URL, so 1,000 streams need no 1,000 WebSockets.
#include "bench/voice/device_registry.h"
#include "bench/voice/speech_clip.h"

namespace spk::bench {

struct MediaBenchOptions
{
    QString baseUrl;
    QString brokerUrl;
    qint64 spkdPid = 0;
    int streams = 100;
    int windowSeconds = 15;
    int wakesPerSecond = 200;
    QString runTag;
};

// 0 when every stream ran and < 0.1 % of frames were lost, 1 when not, 2 when it could not start.
int runMediaBench(const MediaBenchOptions &options, const QList<BenchDevice> &devices,
                  const SpeechClip &clip);

} // namespace spk::bench
