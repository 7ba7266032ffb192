#pragma once
// Signal helpers shared by the media tests.
#include "shared/media/audio_format.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace spk::media::test {

inline Pcm16 sine(double hz, int rate, std::size_t samples, double amplitude = 8000.0)
{
    Pcm16 pcm(samples);
    for (std::size_t i = 0; i < samples; ++i)
        pcm[i] = static_cast<std::int16_t>(amplitude * std::sin(2.0 * M_PI * hz * double(i) / rate));
    return pcm;
}

inline double rms(const Pcm16 &pcm, std::size_t from = 0, std::size_t to = 0)
{
    if (to == 0 || to > pcm.size())
        to = pcm.size();
    if (from >= to)
        return 0.0;
    double sum = 0.0;
    for (std::size_t i = from; i < to; ++i)
        sum += double(pcm[i]) * double(pcm[i]);
    return std::sqrt(sum / double(to - from));
}

// Sign changes from negative to non-negative: a sine of f Hz over 1 s has about f of them.
inline int risingZeroCrossings(const Pcm16 &pcm, std::size_t from = 0, std::size_t to = 0)
{
    if (to == 0 || to > pcm.size())
        to = pcm.size();
    int count = 0;
    for (std::size_t i = std::max<std::size_t>(from, 1); i < to; ++i)
        if (pcm[i - 1] < 0 && pcm[i] >= 0)
            ++count;
    return count;
}

// Best normalised cross-correlation of b against a, for b delayed by 0..maxLag samples.
inline double bestCorrelation(const Pcm16 &a, const Pcm16 &b, std::size_t maxLag)
{
    double best = -1.0;
    for (std::size_t lag = 0; lag <= maxLag && lag < b.size(); ++lag) {
        const std::size_t n = std::min(a.size(), b.size() - lag);
        double ab = 0, aa = 0, bb = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const double x = a[i], y = b[i + lag];
            ab += x * y;
            aa += x * x;
            bb += y * y;
        }
        if (aa > 0 && bb > 0)
            best = std::max(best, ab / std::sqrt(aa * bb));
    }
    return best;
}

} // namespace spk::media::test
