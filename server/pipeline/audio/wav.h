#pragma once
// Minimal RIFF/WAVE for 16-bit PCM: encode an utterance for upload, parse a downloaded or test file.
#include <QByteArray>
#include <QString>

namespace spk::server::pipeline {

struct WavFormat
{
    int sampleRate = 0;
    int channels = 0;
    int bitsPerSample = 0;
    qsizetype dataOffset = 0; // where the sample data starts in the file
    qsizetype dataSize = 0;   // bytes of sample data available (clamped to the file size)
};

QByteArray encodeWav(const QByteArray &pcm16, int sampleRate, int channels = 1);

// Reads the header of a 16-bit PCM WAVE file. Returns false with *error on anything else.
// `complete` = false accepts a data chunk cut short (a stream still arriving).
bool parseWavHeader(const QByteArray &bytes, WavFormat *format, QString *error, bool complete = true);

} // namespace spk::server::pipeline
