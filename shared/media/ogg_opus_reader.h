#pragma once
// Reads an Ogg Opus stream (our recordings, or anything RFC 7845) back to mono PCM with opusfile.
#include "shared/media/audio_format.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <optional>

namespace spk::media {

struct DecodedAudio
{
    Pcm16 pcm; // mono (multi-channel streams are down-mixed)
    int sampleRate = kSampleRate;
    std::int64_t durationMs = 0; // from the stream's granule positions
};

class OggOpusReader
{
public:
    // Decodes the whole stream; opusfile decodes at 48 kHz, the result is resampled to outputRate.
    static std::optional<DecodedAudio> readMemory(const QByteArray &data, int outputRate = kSampleRate,
                                                  QString *error = nullptr);
    static std::optional<DecodedAudio> readFile(const QString &path, int outputRate = kSampleRate,
                                                QString *error = nullptr);
    // Duration without decoding the audio.
    static std::optional<std::int64_t> durationMs(const QByteArray &data, QString *error = nullptr);
};

} // namespace spk::media
