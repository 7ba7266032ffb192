#pragma once
// Streaming int16 mono sample-rate converter over speexdsp (e.g. espeak-ng's 22,050 Hz -> 16 kHz).
// The one resampler of the project: the simulator's clips, Ogg Opus decoding and the server's TTS.
#include "shared/media/audio_format.h"

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <cstdint>

struct SpeexResamplerState_;

namespace spk::media {

class Resampler
{
public:
    // quality 0..10 (speexdsp); 5 is its desktop default, 3 its VoIP default. Anything else is invalid.
    Resampler(int inputRate, int outputRate, int quality = 5);
    ~Resampler();
    Resampler(const Resampler &) = delete;
    Resampler &operator=(const Resampler &) = delete;

    bool isValid() const { return state_ != nullptr || passthrough_; }
    QString errorString() const { return error_; }
    int inputRate() const { return inputRate_; }
    int outputRate() const { return outputRate_; }

    // Converts one chunk of any size; output is aligned with the input (the filter's start-up delay is
    // skipped), so process()+...+flush() yields round(totalIn * out / in) samples in total.
    Pcm16 process(const std::int16_t *pcm, std::size_t samples);
    Pcm16 process(const Pcm16 &pcm) { return process(pcm.data(), pcm.size()); }
    // Emits what is still inside the filter. The resampler can be reused for a new stream afterwards.
    Pcm16 flush();

    // The same over little-endian int16 bytes as they arrive from a network reply; an odd trailing byte
    // waits for the next call (flushBytes() drops it).
    QByteArray processBytes(const QByteArray &le16);
    QByteArray flushBytes();

private:
    std::int64_t expectedOutput() const;

    SpeexResamplerState_ *state_ = nullptr;
    bool passthrough_ = false; // equal rates: copy
    int inputRate_;
    int outputRate_;
    std::int64_t totalIn_ = 0;
    std::int64_t totalOut_ = 0;
    QByteArray carry_; // processBytes(): half a sample left from the previous chunk
    QString error_;
};

} // namespace spk::media
