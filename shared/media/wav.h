#pragma once
// The one RIFF/WAVE codec: 16-bit PCM out (an utterance for upload, a saved reply), and in either as a
// 16-bit PCM header for streaming (the pipeline's TTS downloads) or decoded whole to mono (spksim's clips:
// PCM 8/16/24/32-bit or IEEE float, any rate and channel count).
#include "shared/media/audio_format.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace spk::media {

struct WavFormat
{
    int sampleRate = 0;
    int channels = 0;
    int bitsPerSample = 0;
    qsizetype dataOffset = 0; // where the sample data starts in the file
    qsizetype dataSize = 0;   // bytes of sample data available (clamped to the file size)
};

struct WavAudio
{
    Pcm16 samples; // mono
    int sampleRate = 0;
};

// A 44-byte header and the little-endian 16-bit samples.
QByteArray encodeWav(const QByteArray &pcm16, int sampleRate, int channels = 1);

// Reads the header of a 16-bit PCM WAVE file. Returns false with *error on anything else.
// `complete` = false accepts a data chunk cut short (a stream still arriving); an error that says
// "incomplete" then means "wait for more bytes".
bool parseWavHeader(const QByteArray &bytes, WavFormat *format, QString *error, bool complete = true);

// Decodes a whole file of any supported encoding, down-mixed to mono. A data chunk longer than the
// file (a recording cut short) is read as far as it goes. nullopt and *error on anything else.
std::optional<WavAudio> parseWav(const QByteArray &bytes, QString *error);

} // namespace spk::media
