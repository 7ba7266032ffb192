#include "server/pipeline/audio/wav.h"

#include <QtEndian>

namespace spk::server::pipeline {

namespace {

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

quint32 le32(const QByteArray &b, qsizetype at)
{
    return qFromLittleEndian<quint32>(b.constData() + at);
}
quint16 le16(const QByteArray &b, qsizetype at)
{
    return qFromLittleEndian<quint16>(b.constData() + at);
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
    appendLe16(out, 1); // PCM
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
    auto fail = [error](const QString &msg) {
        if (error)
            *error = msg;
        return false;
    };
    if (bytes.size() < 12 || !bytes.startsWith("RIFF") || bytes.mid(8, 4) != "WAVE")
        return fail(QStringLiteral("not a RIFF/WAVE file"));
    WavFormat f;
    bool haveFmt = false;
    qsizetype pos = 12;
    while (pos + 8 <= bytes.size()) {
        const QByteArray id = bytes.mid(pos, 4);
        const quint32 size = le32(bytes, pos + 4);
        const qsizetype body = pos + 8;
        if (id == "fmt ") {
            if (size < 16 || body + 16 > bytes.size())
                return fail(QStringLiteral("truncated WAVE fmt chunk"));
            const quint16 audioFormat = le16(bytes, body);
            f.channels = le16(bytes, body + 2);
            f.sampleRate = int(le32(bytes, body + 4));
            f.bitsPerSample = le16(bytes, body + 14);
            if (audioFormat != 1 && audioFormat != 0xFFFE)
                return fail(QStringLiteral("WAVE format %1 is not PCM").arg(audioFormat));
            if (f.bitsPerSample != 16)
                return fail(QStringLiteral("WAVE has %1 bits per sample, need 16").arg(f.bitsPerSample));
            if (f.channels < 1 || f.channels > 8 || f.sampleRate < 1000 || f.sampleRate > 192000)
                return fail(QStringLiteral("WAVE has an implausible format (%1 ch, %2 Hz)")
                                .arg(f.channels)
                                .arg(f.sampleRate));
            haveFmt = true;
        } else if (id == "data") {
            if (!haveFmt)
                return fail(QStringLiteral("WAVE data chunk before fmt chunk"));
            f.dataOffset = body;
            const qsizetype available = bytes.size() - body;
            // Streamed WAVs often carry 0 or 0xFFFFFFFF as the data size: take what is there.
            const bool sizeUnknown = size == 0 || size == 0xFFFFFFFFu;
            if (!sizeUnknown && qsizetype(size) > available && complete)
                return fail(QStringLiteral("WAVE data chunk truncated"));
            f.dataSize = sizeUnknown ? available : qMin<qsizetype>(size, available);
            *format = f;
            return true;
        }
        pos = body + size + (size & 1);
    }
    return fail(complete ? QStringLiteral("WAVE has no data chunk")
                         : QStringLiteral("WAVE header incomplete"));
}

} // namespace spk::server::pipeline
