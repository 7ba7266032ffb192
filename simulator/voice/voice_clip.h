#pragma once
// What a simulated speaker says: a recording turned into the 20 ms Opus frames a device would send
// (resampled to 16 kHz mono with the media Resampler, encoded once and shared by every conversation).
#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace spk::sim {

struct VoiceClip
{
    QString name;                   // file name, for reports
    std::vector<QByteArray> frames; // one Opus packet per 20 ms
    int sourceRate = 0;             // the file's sample rate
    qint64 durationMs() const { return qint64(frames.size()) * 20; }
};

using VoiceClips = std::vector<std::shared_ptr<const VoiceClip>>;

// The audio files a --voice argument names: the file itself, or the *.wav and *.raw files of a directory
// (sorted by name, not recursive).
QStringList voiceClipPaths(const QString &fileOrDir, QString *error);
// Reads, resamples and encodes one file. nullptr and *error when it cannot be used.
std::shared_ptr<const VoiceClip> loadVoiceClip(const QString &path, QString *error);
// All clips of a --voice argument; empty with *error on the first unusable file.
VoiceClips loadVoiceClips(const QString &fileOrDir, QString *error);

} // namespace spk::sim
