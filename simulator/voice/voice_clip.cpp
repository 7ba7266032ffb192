#include "simulator/voice/voice_clip.h"

#include "shared/media/opus_frame_encoder.h"
#include "shared/media/resampler.h"
#include "simulator/voice/wav_file.h"

#include <QDir>
#include <QFileInfo>

namespace spk::sim {

namespace {
constexpr qint64 kMaxClipMs = 60 * 1000; // the bridge ends an utterance after 30 s anyway
} // namespace

QStringList voiceClipPaths(const QString &fileOrDir, QString *error)
{
    const QFileInfo info(fileOrDir);
    if (!info.exists()) {
        *error = QStringLiteral("--voice '%1' does not exist").arg(fileOrDir);
        return {};
    }
    if (!info.isDir())
        return {info.filePath()};
    QStringList paths;
    const QDir dir(fileOrDir);
    for (const QFileInfo &f :
         dir.entryInfoList({QStringLiteral("*.wav"), QStringLiteral("*.WAV"), QStringLiteral("*.raw")},
                           QDir::Files | QDir::Readable, QDir::Name))
        paths << f.filePath();
    if (paths.isEmpty())
        *error = QStringLiteral("--voice directory '%1' has no .wav or .raw files").arg(fileOrDir);
    return paths;
}

std::shared_ptr<const VoiceClip> loadVoiceClip(const QString &path, QString *error)
{
    const auto audio = readAudioFile(path, error);
    if (!audio)
        return nullptr;
    media::Resampler resampler(audio->sampleRate, media::kSampleRate);
    if (!resampler.isValid()) {
        *error = QStringLiteral("'%1': cannot resample %2 Hz: %3")
                     .arg(path)
                     .arg(audio->sampleRate)
                     .arg(resampler.errorString());
        return nullptr;
    }
    media::Pcm16 pcm = resampler.process(audio->samples);
    const media::Pcm16 tail = resampler.flush();
    pcm.insert(pcm.end(), tail.begin(), tail.end());
    if (qint64(pcm.size()) * 1000 / media::kSampleRate > kMaxClipMs) {
        *error = QStringLiteral("'%1' is longer than %2 s").arg(path).arg(kMaxClipMs / 1000);
        return nullptr;
    }
    // The last frame is completed with silence: every datagram carries exactly 20 ms.
    const size_t frameCount = (pcm.size() + media::kFrameSamples - 1) / media::kFrameSamples;
    pcm.resize(frameCount * media::kFrameSamples, 0);

    media::OpusFrameEncoder encoder;
    if (!encoder.isValid()) {
        *error = QStringLiteral("Opus encoder: %1").arg(encoder.errorString());
        return nullptr;
    }
    auto clip = std::make_shared<VoiceClip>();
    clip->name = QFileInfo(path).fileName();
    clip->sourceRate = audio->sampleRate;
    clip->frames.reserve(frameCount);
    for (size_t i = 0; i < frameCount; ++i) {
        const QByteArray packet = encoder.encode(pcm.data() + i * media::kFrameSamples, media::kFrameSamples);
        if (packet.isEmpty()) {
            *error = QStringLiteral("'%1': Opus encoding failed: %2").arg(path, encoder.errorString());
            return nullptr;
        }
        clip->frames.push_back(packet);
    }
    return clip;
}

VoiceClips loadVoiceClips(const QString &fileOrDir, QString *error)
{
    VoiceClips clips;
    for (const QString &path : voiceClipPaths(fileOrDir, error)) {
        auto clip = loadVoiceClip(path, error);
        if (!clip)
            return {};
        clips.push_back(std::move(clip));
    }
    return clips;
}

} // namespace spk::sim
