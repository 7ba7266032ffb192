#include "shared/media/ogg_opus_reader.h"

#include "shared/media/resampler.h"

#include <QFile>

#include <opus/opusfile.h>

#include <memory>

namespace spk::media {
namespace {

constexpr int kOpusfileRate = 48000;                // opusfile always decodes at 48 kHz
constexpr qint64 kMaxFileBytes = 256 * 1024 * 1024; // far beyond any session recording
constexpr int kMaxChannels = 8;
constexpr int kMaxReadSamples = 5760; // 120 ms at 48 kHz, per channel

struct OpusFileCloser
{
    void operator()(OggOpusFile *file) const { op_free(file); }
};
using OpusFilePtr = std::unique_ptr<OggOpusFile, OpusFileCloser>;

OpusFilePtr openMemory(const QByteArray &data, QString *error)
{
    int err = 0;
    OpusFilePtr file(op_open_memory(reinterpret_cast<const unsigned char *>(data.constData()),
                                    static_cast<size_t>(data.size()), &err));
    if (!file && error)
        *error = QStringLiteral("not an Ogg Opus stream (opusfile error %1)").arg(err);
    return file;
}

} // namespace

std::optional<DecodedAudio> OggOpusReader::readMemory(const QByteArray &data, int outputRate, QString *error)
{
    Resampler resampler(kOpusfileRate, outputRate);
    if (!resampler.isValid()) {
        if (error)
            *error = resampler.errorString();
        return std::nullopt;
    }
    OpusFilePtr file = openMemory(data, error);
    if (!file)
        return std::nullopt;
    DecodedAudio audio;
    audio.sampleRate = outputRate;
    const ogg_int64_t total = op_pcm_total(file.get(), -1);
    audio.durationMs = total > 0 ? total * 1000 / kOpusfileRate : 0;

    std::vector<opus_int16> buffer(kMaxReadSamples * kMaxChannels);
    Pcm16 mono;
    for (;;) {
        int link = 0;
        const int n = op_read(file.get(), buffer.data(), static_cast<int>(buffer.size()), &link);
        if (n == 0)
            break;
        if (n == OP_HOLE)
            continue; // a gap in the stream (lost pages): opusfile resynchronises by itself
        if (n < 0) {
            if (error)
                *error = QStringLiteral("corrupt Ogg Opus stream (opusfile error %1)").arg(n);
            return std::nullopt;
        }
        const int channels = std::max(1, op_channel_count(file.get(), link));
        mono.resize(static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i) {
            int sum = 0;
            for (int c = 0; c < channels; ++c)
                sum += buffer[static_cast<std::size_t>(i * channels + c)];
            mono[static_cast<std::size_t>(i)] = static_cast<std::int16_t>(sum / channels);
        }
        const Pcm16 converted = resampler.process(mono);
        audio.pcm.insert(audio.pcm.end(), converted.begin(), converted.end());
    }
    const Pcm16 tail = resampler.flush();
    audio.pcm.insert(audio.pcm.end(), tail.begin(), tail.end());
    return audio;
}

std::optional<DecodedAudio> OggOpusReader::readFile(const QString &path, int outputRate, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    if (file.size() > kMaxFileBytes) {
        if (error)
            *error = QStringLiteral("%1 is too large (%2 bytes)").arg(path).arg(file.size());
        return std::nullopt;
    }
    return readMemory(file.readAll(), outputRate, error);
}

std::optional<std::int64_t> OggOpusReader::durationMs(const QByteArray &data, QString *error)
{
    OpusFilePtr file = openMemory(data, error);
    if (!file)
        return std::nullopt;
    const ogg_int64_t total = op_pcm_total(file.get(), -1);
    if (total < 0) {
        if (error)
            *error = QStringLiteral("stream length unknown");
        return std::nullopt;
    }
    return total * 1000 / kOpusfileRate;
}

} // namespace spk::media
