#include "bench/voice/speech_clip.h"

#include "shared/media/audio_format.h"
#include "shared/media/opus_frame_encoder.h"

#include <QFile>

namespace spk::bench {

qint64 SpeechClip::opusBytes() const
{
    qint64 n = 0;
    for (const QByteArray &f : frames)
        n += f.size();
    return n;
}

SpeechClip loadSpeechClip(const QString &path, QString *error)
{
    SpeechClip clip;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
        return clip;
    }
    const QByteArray pcm = f.readAll();
    const int frameBytes = spk::media::kFrameSamples * 2;
    const int count = int(pcm.size() / frameBytes);
    if (count < 10) {
        *error = QStringLiteral("%1: less than 200 ms of 16 kHz s16le audio").arg(path);
        return clip;
    }
    spk::media::OpusFrameEncoder encoder;
    for (int i = 0; i < count; ++i) {
        const auto *samples = reinterpret_cast<const std::int16_t *>(pcm.constData() + i * frameBytes);
        const QByteArray packet = encoder.encode(samples, spk::media::kFrameSamples);
        if (packet.isEmpty()) {
            *error = QStringLiteral("Opus encoding failed: %1").arg(encoder.errorString());
            return {};
        }
        clip.frames.append(packet);
    }
    return clip;
}

} // namespace spk::bench
