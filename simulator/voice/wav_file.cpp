#include "simulator/voice/wav_file.h"

#include "shared/media/pcm_bytes.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace spk::sim {

namespace {
constexpr int kRawSampleRate = 16000;
constexpr qint64 kMaxFileBytes = 512LL * 1024 * 1024; // ~4.6 h of 16 kHz mono; a clip is seconds
} // namespace

std::optional<AudioFile> readAudioFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read '%1': %2").arg(path, file.errorString());
        return std::nullopt;
    }
    if (file.size() > kMaxFileBytes) {
        *error = QStringLiteral("'%1' is larger than %2 MiB").arg(path).arg(kMaxFileBytes >> 20);
        return std::nullopt;
    }
    const QByteArray bytes = file.readAll();
    if (QFileInfo(path).suffix().compare(QLatin1String("raw"), Qt::CaseInsensitive) == 0) {
        if (bytes.size() < 2) {
            *error = QStringLiteral("'%1' has no samples").arg(path);
            return std::nullopt;
        }
        AudioFile out;
        out.sampleRate = kRawSampleRate;
        out.samples = media::pcmFromLe16(bytes.constData(), bytes.size() / 2);
        return out;
    }
    QString why;
    auto wav = media::parseWav(bytes, &why);
    if (!wav)
        *error = QStringLiteral("'%1': %2").arg(path, why);
    return wav;
}

bool writeWav(const QString &path, const media::Pcm16 &samples, int sampleRate, QString *error)
{
    const QByteArray out = media::encodeWav(media::pcmToLe16(samples), sampleRate);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(out) != out.size() || !file.commit()) {
        *error = QStringLiteral("cannot write '%1': %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace spk::sim
