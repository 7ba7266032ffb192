#pragma once
// Pcm16 <-> little-endian int16 bytes, the form PCM takes in files, HTTP bodies and Qt signals.
#include "shared/media/audio_format.h"

#include <QByteArray>
#include <QtEndian>

namespace spk::media {

inline QByteArray pcmToLe16(const Pcm16 &samples)
{
    QByteArray bytes(qsizetype(samples.size()) * 2, Qt::Uninitialized);
    for (std::size_t i = 0; i < samples.size(); ++i)
        qToLittleEndian<std::int16_t>(samples[i], bytes.data() + 2 * i);
    return bytes;
}

// `count` samples from 2 * count bytes.
inline Pcm16 pcmFromLe16(const char *bytes, qsizetype count)
{
    Pcm16 samples(static_cast<std::size_t>(count));
    for (qsizetype i = 0; i < count; ++i)
        samples[static_cast<std::size_t>(i)] = qFromLittleEndian<std::int16_t>(bytes + 2 * i);
    return samples;
}

} // namespace spk::media
