#include "shared/media/wav.h"

#include <QtEndian>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>

namespace spk::media {

namespace {

constexpr quint16 kFormatPcm = 1;
constexpr quint16 kFormatFloat = 3;
constexpr quint16 kFormatExtensible = 0xFFFE;

quint16 u16(const char *p)
{
    return qFromLittleEndian<quint16>(p);
}
quint32 u32(const char *p)
{
    return qFromLittleEndian<quint32>(p);
}

void appendLe32(QByteArray &out, quint32 v)
{
    char b[4];
    qToLittleEndian(v, b);
    out.append(b, 4);
}
void appendLe16(QByteArray &out, quint16 v)
{
    char b[2];
    qToLittleEndian(v, b);
    out.append(b, 2);
}

// The 'fmt ' chunk as written; `tag` is WAVE_FORMAT_EXTENSIBLE's sub-format when the chunk carries one.
struct FmtChunk
{
    quint32 size = 0;
    quint16 writtenTag = 0;
    quint16 tag = 0;
    int channels = 0;
    int rate = 0;
    int blockAlign = 0;
    int bits = 0;
};

struct Chunks
{
    FmtChunk fmt;
    qsizetype dataOffset = 0;
    qsizetype dataSize = 0;
};

using FormatCheck = std::function<QString(const FmtChunk &)>; // empty = acceptable

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

// Walks the RIFF chunks to 'fmt ' (checked by `check` as soon as it is read) and 'data'.
// `complete`: the bytes are the whole file (else a missing data chunk is "incomplete");
// `shortData`: a data chunk longer than the bytes is taken as far as it goes.
bool walkChunks(const QByteArray &bytes, bool complete, bool shortData, const FormatCheck &check, Chunks *out,
                QString *error)
{
    const char *d = bytes.constData();
    const qsizetype n = bytes.size();
    if (n < 12 || std::memcmp(d, "RIFF", 4) != 0 || std::memcmp(d + 8, "WAVE", 4) != 0)
        return fail(error, QStringLiteral("not a RIFF/WAVE file"));
    bool haveFmt = false;
    qsizetype pos = 12;
    while (pos + 8 <= n) {
        const char *id = d + pos;
        const quint32 size = u32(d + pos + 4);
        const qsizetype body = pos + 8;
        if (std::memcmp(id, "fmt ", 4) == 0) {
            if (size < 16 || body + 16 > n)
                return fail(error, QStringLiteral("truncated WAVE fmt chunk"));
            FmtChunk &f = out->fmt;
            f.size = size;
            f.writtenTag = f.tag = u16(d + body);
            f.channels = u16(d + body + 2);
            f.rate = int(u32(d + body + 4));
            f.blockAlign = u16(d + body + 12);
            f.bits = u16(d + body + 14);
            if (f.tag == kFormatExtensible && size >= 26 && body + 26 <= n)
                f.tag = u16(d + body + 24); // the sub-format GUID starts with the plain format tag
            if (const QString why = check(f); !why.isEmpty())
                return fail(error, why);
            haveFmt = true;
        } else if (std::memcmp(id, "data", 4) == 0) {
            if (!haveFmt)
                return fail(error, QStringLiteral("WAVE data chunk before fmt chunk"));
            out->dataOffset = body;
            const qsizetype available = n - body;
            // Streaming writers leave the size at 0 or 0xFFFFFFFF: take what the file holds.
            const bool sizeUnknown = size == 0 || size == 0xFFFFFFFFu;
            if (!sizeUnknown && qsizetype(size) > available && !shortData)
                return fail(error, QStringLiteral("WAVE data chunk truncated"));
            out->dataSize = sizeUnknown ? available : qMin<qsizetype>(size, available);
            return true;
        }
        pos = body + qsizetype(size) + (size & 1); // chunks are padded to an even size
    }
    if (!complete)
        return fail(error, QStringLiteral("WAVE header incomplete"));
    return fail(error,
                haveFmt ? QStringLiteral("WAVE has no data chunk") : QStringLiteral("WAVE has no fmt chunk"));
}

// The streaming header's rules: 16-bit PCM, a plausible rate and channel count.
QString checkPcm16(const FmtChunk &f)
{
    if (f.writtenTag != kFormatPcm && f.writtenTag != kFormatExtensible)
        return QStringLiteral("WAVE format %1 is not PCM").arg(f.writtenTag);
    if (f.bits != 16)
        return QStringLiteral("WAVE has %1 bits per sample, need 16").arg(f.bits);
    if (f.channels < 1 || f.channels > 8 || f.rate < 1000 || f.rate > 192000)
        return QStringLiteral("WAVE has an implausible format (%1 ch, %2 Hz)").arg(f.channels).arg(f.rate);
    return {};
}

// The decoder's rules: any encoding sampleAt() reads, with a consistent block size.
QString checkDecodable(const FmtChunk &f)
{
    if (f.writtenTag == kFormatExtensible && f.size < 26)
        return QStringLiteral("extensible 'fmt ' chunk is too short");
    const bool pcm = f.tag == kFormatPcm && (f.bits == 8 || f.bits == 16 || f.bits == 24 || f.bits == 32);
    const bool flt = f.tag == kFormatFloat && (f.bits == 32 || f.bits == 64);
    if (!pcm && !flt)
        return QStringLiteral("unsupported WAVE encoding (format %1, %2 bits): use PCM or IEEE float")
            .arg(f.tag)
            .arg(f.bits);
    if (f.channels < 1 || f.channels > 32 || f.rate < 1000 || f.rate > 384000 ||
        f.blockAlign != f.channels * f.bits / 8)
        return QStringLiteral("inconsistent WAVE header (%1 channels, %2 Hz, block %3)")
            .arg(f.channels)
            .arg(f.rate)
            .arg(f.blockAlign);
    return {};
}

// One sample of any supported encoding as a float in [-1, 1].
double sampleAt(const char *p, const FmtChunk &f)
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

} // namespace

QByteArray encodeWav(const QByteArray &pcm16, int sampleRate, int channels)
{
    QByteArray out;
    out.reserve(44 + pcm16.size());
    out.append("RIFF", 4);
    appendLe32(out, quint32(36 + pcm16.size()));
    out.append("WAVEfmt ", 8);
    appendLe32(out, 16);
    appendLe16(out, kFormatPcm);
    appendLe16(out, quint16(channels));
    appendLe32(out, quint32(sampleRate));
    appendLe32(out, quint32(sampleRate * channels * 2));
    appendLe16(out, quint16(channels * 2));
    appendLe16(out, 16);
    out.append("data", 4);
    appendLe32(out, quint32(pcm16.size()));
    out.append(pcm16);
    return out;
}

bool parseWavHeader(const QByteArray &bytes, WavFormat *format, QString *error, bool complete)
{
    Chunks chunks;
    if (!walkChunks(bytes, complete, /*shortData=*/!complete, checkPcm16, &chunks, error))
        return false;
    format->sampleRate = chunks.fmt.rate;
    format->channels = chunks.fmt.channels;
    format->bitsPerSample = chunks.fmt.bits;
    format->dataOffset = chunks.dataOffset;
    format->dataSize = chunks.dataSize;
    return true;
}

std::optional<WavAudio> parseWav(const QByteArray &bytes, QString *error)
{
    Chunks chunks;
    if (!walkChunks(bytes, /*complete=*/true, /*shortData=*/true, checkDecodable, &chunks, error))
        return std::nullopt;
    const FmtChunk &f = chunks.fmt;
    const qsizetype frames = chunks.dataSize / f.blockAlign;
    const int bytesPerSample = f.bits / 8;
    WavAudio out;
    out.sampleRate = f.rate;
    out.samples.resize(size_t(frames));
    for (qsizetype i = 0; i < frames; ++i) {
        const char *frame = bytes.constData() + chunks.dataOffset + i * f.blockAlign;
        double sum = 0;
        for (int c = 0; c < f.channels; ++c)
            sum += sampleAt(frame + c * bytesPerSample, f);
        const double mono = std::clamp(sum / f.channels, -1.0, 1.0);
        out.samples[size_t(i)] = qint16(std::lround(mono * 32767.0));
    }
    if (out.samples.empty()) {
        if (error)
            *error = QStringLiteral("the WAVE file has no samples");
        return std::nullopt;
    }
    return out;
}

} // namespace spk::media
