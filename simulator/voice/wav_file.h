#pragma once
// Audio files for simulated conversations: RIFF/WAVE in (PCM 8/16/24/32-bit or IEEE float, any rate, any
// channel count, down-mixed to mono) and out (16-bit mono), plus headerless .raw as 16 kHz s16le mono
// (the format of Debian's pocketsphinx-testdata recordings).
#include "shared/media/audio_format.h"

#include <QString>

#include <optional>

namespace spk::sim {

struct AudioFile
{
    media::Pcm16 samples; // mono
    int sampleRate = 0;
};

// Reads a .wav (by its RIFF header) or a .raw file. nullopt and *error on anything else.
std::optional<AudioFile> readAudioFile(const QString &path, QString *error);
// Parses WAVE bytes (exposed for tests).
std::optional<AudioFile> parseWav(const QByteArray &bytes, QString *error);
// Writes 16-bit mono PCM as a WAVE file, atomically (QSaveFile).
bool writeWav(const QString &path, const media::Pcm16 &samples, int sampleRate, QString *error);

} // namespace spk::sim
