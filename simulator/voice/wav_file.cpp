#include "simulator/voice/wav_file.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QtEndian>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace spk::sim {

namespace {

constexpr quint16 kFormatPcm = 1;
constexpr quint16 kFormatFloat = 3;
constexpr quint16 kFormatExtensible = 0xFFFE;
constexpr int kRawSampleRate = 16000;
constexpr qint64 kMaxFileBytes = 512LL * 1024 * 1024; // ~4.6 h of 16 kHz mono; a clip is seconds

quint16 u16(const char *p)
{
    return qFromLittleEndian<quint16>(p);
}
quint32 u32(const char *p)
{
    return qFromLittleEndian<quint32>(p);
}

struct Format
{
    quint16 tag = 0;
    int channels = 0;
    int rate = 0;
    int bits = 0;
    int blockAlign = 0;
};

// One sample of any supported encoding as a float in [-1, 1].
double sampleAt(const char *p, const Format &f)
{
    if (f.tag == kFormatFloat) {
        if (f.bits == 32) {
            float v;
            std::memcpy(&v, p, 4);
            v = qFromLittleEndian(v);
            return std::isfinite(v) ? double(v) : 0.0;
        }
        double v;
        std::memcpy(&v, p, 8);
        v = qFromLittleEndian(v);
        return std::isfinite(v) ? v : 0.0;
    }
    switch (f.bits) {
    case 8:
        return (double(quint8(p[0])) - 128.0) / 128.0; // 8-bit WAVE is unsigned
    case 16:
        return double(qint16(u16(p))) / 32768.0;
    case 24: {
        const qint32 v = qint32((quint32(quint8(p[0])) << 8) | (quint32(quint8(p[1])) << 16) |
                                (quint32(quint8(p[2])) << 24)) >>
                         8;
        return double(v) / 8388608.0;
    }
    default:
        return double(qint32(u32(p))) / 2147483648.0;
    }
}

bool readFormat(const char *p, quint32 size, Format *f, QString *error)
{
    if (size < 16) {
        *error = QStringLiteral("'fmt ' chunk is too short");
        return false;
    }
    f->tag = u16(p);
    f->channels = u16(p + 2);
    f->rate = int(u32(p + 4));
    f->blockAlign = u16(p + 12);
    f->bits = u16(p + 14);
    if (f->tag == kFormatExtensible) {
        if (size < 26) {
            *error = QStringLiteral("extensible 'fmt ' chunk is too short");
            return false;
        }
        f->tag = u16(p + 24); // the sub-format GUID starts with the plain format tag
    }
    const bool pcm =
        f->tag == kFormatPcm && (f->bits == 8 || f->bits == 16 || f->bits == 24 || f->bits == 32);
    const bool flt = f->tag == kFormatFloat && (f->bits == 32 || f->bits == 64);
    if (!pcm && !flt) {
        *error = QStringLiteral("unsupported WAVE encoding (format %1, %2 bits): use PCM or IEEE float")
                     .arg(f->tag)
                     .arg(f->bits);
        return false;
    }
    if (f->channels < 1 || f->channels > 32 || f->rate < 1000 || f->rate > 384000 ||
        f->blockAlign != f->channels * f->bits / 8) {
        *error = QStringLiteral("inconsistent WAVE header (%1 channels, %2 Hz, block %3)")
                     .arg(f->channels)
                     .arg(f->rate)
                     .arg(f->blockAlign);
        return false;
    }
    return true;
}

} // namespace

std::optional<AudioFile> parseWav(const QByteArray &bytes, QString *error)
{
    const char *d = bytes.constData();
    const qsizetype n = bytes.size();
    if (n < 12 || std::memcmp(d, "RIFF", 4) != 0 || std::memcmp(d + 8, "WAVE", 4) != 0) {
        *error = QStringLiteral("not a RIFF/WAVE file");
        return std::nullopt;
    }
    Format format;
    bool haveFormat = false;
    qsizetype pos = 12;
    while (pos + 8 <= n) {
        const char *id = d + pos;
        const quint32 size = u32(d + pos + 4);
        const qsizetype body = pos + 8;
        if (std::memcmp(id, "fmt ", 4) == 0) {
            if (qsizetype(size) > n - body) {
                *error = QStringLiteral("'fmt ' chunk is cut short");
                return std::nullopt;
            }
            if (!readFormat(d + body, size, &format, error))
                return std::nullopt;
            haveFormat = true;
        } else if (std::memcmp(id, "data", 4) == 0) {
            if (!haveFormat) {
                *error = QStringLiteral("'data' chunk before the 'fmt ' chunk");
                return std::nullopt;
            }
            // Streaming writers leave the size at 0 or 0xFFFFFFFF: take what the file holds.
            const qsizetype available = n - body;
            const qsizetype dataBytes =
                (size == 0 || qsizetype(size) > available) ? available : qsizetype(size);
            const qsizetype frames = dataBytes / format.blockAlign;
            AudioFile out;
            out.sampleRate = format.rate;
            out.samples.resize(size_t(frames));
            const int bytesPerSample = format.bits / 8;
            for (qsizetype i = 0; i < frames; ++i) {
                const char *frame = d + body + i * format.blockAlign;
                double sum = 0;
                for (int c = 0; c < format.channels; ++c)
                    sum += sampleAt(frame + c * bytesPerSample, format);
                const double mono = std::clamp(sum / format.channels, -1.0, 1.0);
                out.samples[size_t(i)] = qint16(std::lround(mono * 32767.0));
            }
            if (out.samples.empty()) {
                *error = QStringLiteral("the WAVE file has no samples");
                return std::nullopt;
            }
            return out;
        }
        pos = body + qsizetype(size) + (size & 1); // chunks are padded to an even size
    }
    *error = haveFormat ? QStringLiteral("no 'data' chunk") : QStringLiteral("no 'fmt ' chunk");
    return std::nullopt;
}

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
        out.samples.resize(size_t(bytes.size() / 2));
        for (size_t i = 0; i < out.samples.size(); ++i)
            out.samples[i] = qint16(u16(bytes.constData() + 2 * i));
        return out;
    }
    QString why;
    auto wav = parseWav(bytes, &why);
    if (!wav)
        *error = QStringLiteral("'%1': %2").arg(path, why);
    return wav;
}

bool writeWav(const QString &path, const media::Pcm16 &samples, int sampleRate, QString *error)
{
    const quint32 dataBytes = quint32(samples.size() * 2);
    QByteArray out(44, '\0');
    char *h = out.data();
    std::memcpy(h, "RIFF", 4);
    qToLittleEndian<quint32>(36 + dataBytes, h + 4);
    std::memcpy(h + 8, "WAVEfmt ", 8);
    qToLittleEndian<quint32>(16, h + 16);
    qToLittleEndian<quint16>(kFormatPcm, h + 20);
    qToLittleEndian<quint16>(1, h + 22);
    qToLittleEndian<quint32>(quint32(sampleRate), h + 24);
    qToLittleEndian<quint32>(quint32(sampleRate) * 2, h + 28);
    qToLittleEndian<quint16>(2, h + 32);
    qToLittleEndian<quint16>(16, h + 34);
    std::memcpy(h + 36, "data", 4);
    qToLittleEndian<quint32>(dataBytes, h + 40);
    out.reserve(out.size() + qsizetype(dataBytes));
    for (const qint16 s : samples) {
        char le[2];
        qToLittleEndian<qint16>(s, le);
        out.append(le, 2);
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(out) != out.size() || !file.commit()) {
        *error = QStringLiteral("cannot write '%1': %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace spk::sim
