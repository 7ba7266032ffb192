#include "shared/media/opus_frame_decoder.h"

#include "shared/media/media_log.h"

#include <opus/opus.h>

namespace spk::media {
namespace {
constexpr int kMaxFrameSamples = kSampleRate * 120 / 1000; // the longest Opus packet is 120 ms
} // namespace

OpusFrameDecoder::OpusFrameDecoder()
{
    int err = OPUS_OK;
    decoder_ = opus_decoder_create(kSampleRate, kChannels, &err);
    if (err != OPUS_OK || decoder_ == nullptr) {
        error_ = QStringLiteral("opus_decoder_create: %1").arg(QString::fromUtf8(opus_strerror(err)));
        decoder_ = nullptr;
    }
}

OpusFrameDecoder::~OpusFrameDecoder()
{
    if (decoder_)
        opus_decoder_destroy(decoder_);
}

Pcm16 OpusFrameDecoder::decode(const QByteArray &packet)
{
    if (packet.isEmpty()) {
        error_ = QStringLiteral("empty Opus packet");
        return {};
    }
    return run(&packet, false);
}

Pcm16 OpusFrameDecoder::conceal()
{
    Pcm16 pcm = run(nullptr, false);
    if (pcm.empty())
        pcm.assign(kFrameSamples, 0);
    return pcm;
}

Pcm16 OpusFrameDecoder::recoverFromNext(const QByteArray &nextPacket)
{
    if (nextPacket.isEmpty())
        return conceal();
    Pcm16 pcm = run(&nextPacket, true);
    return pcm.empty() ? conceal() : pcm;
}

Pcm16 OpusFrameDecoder::run(const QByteArray *packet, bool fec)
{
    if (!decoder_) {
        error_ = QStringLiteral("decoder is not valid");
        return {};
    }
    // For PLC and FEC the frame size says how much audio to produce: one 20 ms frame.
    const int capacity = (packet == nullptr || fec) ? kFrameSamples : kMaxFrameSamples;
    Pcm16 pcm(static_cast<std::size_t>(capacity));
    const auto *data = packet ? reinterpret_cast<const unsigned char *>(packet->constData()) : nullptr;
    const opus_int32 size = packet ? static_cast<opus_int32>(packet->size()) : 0;
    const int n = opus_decode(decoder_, data, size, pcm.data(), capacity, fec ? 1 : 0);
    if (n < 0) {
        error_ = QStringLiteral("opus_decode: %1").arg(QString::fromUtf8(opus_strerror(n)));
        qCDebug(lcMedia) << error_;
        return {};
    }
    pcm.resize(static_cast<std::size_t>(n));
    return pcm;
}

} // namespace spk::media
