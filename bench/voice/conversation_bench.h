#pragma once
// Item 1 of the voice benchmarks: C simulated speakers hold conversations at the same time, each one
// after the other (a short random pause between), with the built-in pipeline. Reports wake → wake/ack
// and end of speech → first reply frame (p50/p95/max), sessions completed / failed, and spkd's CPU.
#include "bench/voice/device_registry.h"
#include "bench/voice/speech_clip.h"

namespace spk::bench {

struct ConversationBenchOptions
{
    QString baseUrl;   // http://127.0.0.1:port
    QString brokerUrl; // tcp://127.0.0.1:port
    qint64 spkdPid = 0;
    int concurrency = 1;
    int sessionsPerDevice = 3;
    int sessionTimeoutMs = 90000; // beyond the server's 60 s reply time-out
    QString runTag;               // makes session ids unique across runs against one server
};

// Returns 0 when every session completed, 1 when some failed, 2 when the run could not start.
int runConversationBench(const ConversationBenchOptions &options, const QList<BenchDevice> &devices,
                         const SpeechClip &clip);

} // namespace spk::bench
