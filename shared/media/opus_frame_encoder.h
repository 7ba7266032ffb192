#pragma once
// Encodes 20 ms frames of 16 kHz mono PCM into single Opus packets (what one UDP datagram or one
// /ws/audio audio_frame carries).
#include "shared/media/audio_format.h"

#include <QByteArray>
#include <QString>

#include <cstddef>

struct OpusEncoder;

namespace spk::media {

struct OpusEncoderSettings
{
    int bitrate = 24000;         // bits/s; 6000..510000
    int complexity = 5;          // 0..10; 5 keeps a speaker's CPU low at little cost for speech
    bool inbandFec = false;      // LBRR: lets the receiver rebuild a lost frame from the next one
    int expectedLossPercent = 0; // 0..100; tunes FEC
};

class OpusFrameEncoder
{
public:
    explicit OpusFrameEncoder(const OpusEncoderSettings &settings = {});
    ~OpusFrameEncoder();
    OpusFrameEncoder(const OpusFrameEncoder &) = delete;
    OpusFrameEncoder &operator=(const OpusFrameEncoder &) = delete;

    bool isValid() const { return encoder_ != nullptr; }
    QString errorString() const { return error_; }

    // Exactly kFrameSamples (320) samples in; one Opus packet out. Empty result + errorString() on a
    // wrong frame size or an encoder error.
    QByteArray encode(const std::int16_t *pcm, std::size_t samples);
    QByteArray encode(const Pcm16 &frame) { return encode(frame.data(), frame.size()); }

    bool setBitrate(int bitsPerSecond);

private:
    OpusEncoder *encoder_ = nullptr;
    QString error_;
};

} // namespace spk::media
