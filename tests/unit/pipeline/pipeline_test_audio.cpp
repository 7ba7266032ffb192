#include "tests/unit/pipeline/pipeline_test_audio.h"

#include "shared/media/wav.h"

#include <QFile>

#include <cmath>

namespace spk::testsupport {

QString speechTestDataDir()
{
    return QStringLiteral("/usr/share/pocketsphinx/test/data");
}

QByteArray loadTestSpeech(const QString &relativePath)
{
    QFile file(speechTestDataDir() + QLatin1Char('/') + relativePath);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray bytes = file.readAll();
    if (!relativePath.endsWith(QLatin1String(".wav")))
        return bytes;
    spk::media::WavFormat format;
    QString error;
    if (!spk::media::parseWavHeader(bytes, &format, &error) || format.sampleRate != 16000 ||
        format.channels != 1)
        return {};
    return bytes.mid(format.dataOffset, format.dataSize);
}

double rmsOf(const QByteArray &pcm16)
{
    const auto *s = reinterpret_cast<const qint16 *>(pcm16.constData());
    const qsizetype n = pcm16.size() / 2;
    if (n == 0)
        return 0;
    double sum = 0;
    for (qsizetype i = 0; i < n; ++i)
        sum += double(s[i]) * s[i];
    return std::sqrt(sum / double(n));
}

double secondsOf(const QByteArray &pcm16, int sampleRate)
{
    return double(pcm16.size() / 2) / sampleRate;
}

} // namespace spk::testsupport
