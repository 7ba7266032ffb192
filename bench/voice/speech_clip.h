#pragma once
// The recording every simulated device speaks: 16 kHz s16le raw PCM (Debian's pocketsphinx-testdata),
// Opus-encoded once into 20 ms frames, so the load generator spends no CPU on encoding.
#include <QByteArray>
#include <QList>
#include <QString>

namespace spk::bench {

struct SpeechClip
{
    QList<QByteArray> frames; // one Opus packet per 20 ms
    int durationMs() const { return int(frames.size()) * 20; }
    qint64 opusBytes() const;
};

// Reads and encodes `path`; an empty clip and *error on failure (missing file, odd size, too short).
SpeechClip loadSpeechClip(const QString &path, QString *error);

} // namespace spk::bench
