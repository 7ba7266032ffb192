#pragma once
// Server-side end of speech (protocol.md §4 allows the device's end flag OR the server's own verdict):
// an energy-based voice activity detector over 20 ms PCM frames. A frame is voiced when its level is
// above an absolute threshold AND above the adaptive noise floor by a margin; speech starts after a few
// voiced frames in a row, and ends after `silenceEndMs` of unvoiced frames once speech has started.
// Deliberately simple and cheap (one pass over 320 samples): ASR does the real listening.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace spk::server {

struct SilenceDetectorSettings
{
    double thresholdDbfs = -45.0;  // absolute floor for a voiced frame
    double marginDb = 9.0;         // a voiced frame is this much louder than the noise floor
    int speechStartMs = 60;        // voiced frames in a row needed to call it speech
    int silenceEndMs = 800;        // unvoiced time after speech that ends the utterance
    int floorWindowMs = 1500;      // noise floor = quietest frame in this window...
    double initialFloorDbfs = -70; // ...and no higher than this until the window has filled once
    int frameMs = 20;
};

class SilenceDetector
{
public:
    enum class Verdict { NoSpeechYet, Speaking, EndOfSpeech };

    explicit SilenceDetector(const SilenceDetectorSettings &settings = {});

    // One frame of int16 mono PCM. Once EndOfSpeech is returned, it is returned for every later frame.
    Verdict feed(const std::int16_t *pcm, std::size_t samples);
    Verdict verdict() const { return verdict_; }
    bool heardSpeech() const { return verdict_ != Verdict::NoSpeechYet; }
    double noiseFloorDbfs() const { return noiseFloorDb_; }

    // Level of a frame in dBFS (-120 for digital silence or an empty frame).
    static double levelDbfs(const std::int16_t *pcm, std::size_t samples);

private:
    SilenceDetectorSettings settings_;
    Verdict verdict_ = Verdict::NoSpeechYet;
    std::vector<double> levels_; // ring of the last floorWindowMs frame levels
    std::size_t next_ = 0;
    bool windowFilled_ = false;
    double noiseFloorDb_;
    int voicedRunMs_ = 0;
    int silentRunMs_ = 0;
};

} // namespace spk::server
