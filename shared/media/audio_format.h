#pragma once
// The one audio format of the voice scene (protocol.md §4/§5): 16 kHz mono int16, 20 ms Opus frames.
#include <cstdint>
#include <vector>

namespace spk::media {

constexpr int kSampleRate = 16000;
constexpr int kChannels = 1;
constexpr int kFrameMs = 20;
constexpr int kFrameSamples = kSampleRate * kFrameMs / 1000; // 320

using Pcm16 = std::vector<std::int16_t>; // mono, native endian

} // namespace spk::media
