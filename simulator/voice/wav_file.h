#pragma once
// Audio files for simulated conversations: RIFF/WAVE in (any encoding shared/media/wav decodes, down-mixed
// to mono) and out (16-bit mono), plus headerless .raw as 16 kHz s16le mono (the format of Debian's
// pocketsphinx-testdata recordings).
#include "shared/media/wav.h"

#include <QString>

#include <optional>

namespace spk::sim {

using AudioFile = media::WavAudio;

// Reads a .wav (by its RIFF header) or a .raw file. nullopt and *error on anything else.
std::optional<AudioFile> readAudioFile(const QString &path, QString *error);
// Writes 16-bit mono PCM as a WAVE file, atomically (QSaveFile).
bool writeWav(const QString &path, const media::Pcm16 &samples, int sampleRate, QString *error);

} // namespace spk::sim
