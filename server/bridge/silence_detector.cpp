#include "server/bridge/silence_detector.h"

#include <algorithm>
#include <cmath>

namespace spk::server {

SilenceDetector::SilenceDetector(const SilenceDetectorSettings &settings)
    : settings_(settings),
      levels_(std::size_t(std::max(1, settings.floorWindowMs / std::max(1, settings.frameMs)))),
      noiseFloorDb_(settings.initialFloorDbfs)
{
}

double SilenceDetector::levelDbfs(const std::int16_t *pcm, std::size_t samples)
{
    if (samples == 0)
        return -120.0;
    // Integer sum of squares: exact, and the compiler vectorises it (a double sum it may not reorder).
    // 32767^2 * 2^32 samples still fits in 64 bits.
    std::int64_t sum = 0;
    for (std::size_t i = 0; i < samples; ++i)
        sum += std::int32_t(pcm[i]) * std::int32_t(pcm[i]);
    const double rms = std::sqrt(double(sum) / double(samples)) / 32768.0;
    return rms > 1e-6 ? 20.0 * std::log10(rms) : -120.0;
}

SilenceDetector::Verdict SilenceDetector::feed(const std::int16_t *pcm, std::size_t samples)
{
    if (verdict_ == Verdict::EndOfSpeech)
        return verdict_;
    const double level = levelDbfs(pcm, samples);
    levels_[next_] = level;
    next_ = (next_ + 1) % levels_.size();
    windowFilled_ = windowFilled_ || next_ == 0;
    const auto filledEnd = windowFilled_ ? levels_.end() : levels_.begin() + std::ptrdiff_t(next_);
    const double quietest = *std::min_element(levels_.begin(), filledEnd);
    noiseFloorDb_ = windowFilled_ ? quietest : std::min(quietest, settings_.initialFloorDbfs);
    const bool voiced = level > settings_.thresholdDbfs && level > noiseFloorDb_ + settings_.marginDb;

    if (voiced) {
        voicedRunMs_ += settings_.frameMs;
        silentRunMs_ = 0;
        if (verdict_ == Verdict::NoSpeechYet && voicedRunMs_ >= settings_.speechStartMs)
            verdict_ = Verdict::Speaking;
    } else {
        voicedRunMs_ = 0;
        if (verdict_ == Verdict::Speaking) {
            silentRunMs_ += settings_.frameMs;
            if (silentRunMs_ >= settings_.silenceEndMs)
                verdict_ = Verdict::EndOfSpeech;
        }
    }
    return verdict_;
}

} // namespace spk::server
