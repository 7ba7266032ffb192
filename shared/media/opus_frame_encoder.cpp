#include "shared/media/opus_frame_encoder.h"

#include "shared/media/media_log.h"

#include <opus/opus.h>

namespace spk::media {
namespace {
// A 20 ms packet at the highest bitrate stays well under the contract's 1000-byte payload limit.
constexpr int kMaxPacketBytes = 1000;
} // namespace

OpusFrameEncoder::OpusFrameEncoder(const OpusEncoderSettings &settings)
{
    int err = OPUS_OK;
    // VOIP: tuned for speech intelligibility (and enables the speech-oriented pre-processing).
    encoder_ = opus_encoder_create(kSampleRate, kChannels, OPUS_APPLICATION_VOIP, &err);
    if (err != OPUS_OK || encoder_ == nullptr) {
        error_ = QStringLiteral("opus_encoder_create: %1").arg(QString::fromUtf8(opus_strerror(err)));
        encoder_ = nullptr;
        return;
    }
    const bool configured =
        opus_encoder_ctl(encoder_, OPUS_SET_BITRATE(settings.bitrate)) == OPUS_OK &&
        opus_encoder_ctl(encoder_, OPUS_SET_COMPLEXITY(settings.complexity)) == OPUS_OK &&
        opus_encoder_ctl(encoder_, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE)) == OPUS_OK &&
        opus_encoder_ctl(encoder_, OPUS_SET_INBAND_FEC(settings.inbandFec ? 1 : 0)) == OPUS_OK &&
        opus_encoder_ctl(encoder_, OPUS_SET_PACKET_LOSS_PERC(settings.expectedLossPercent)) == OPUS_OK;
    if (!configured) {
        error_ = QStringLiteral("invalid Opus encoder settings (bitrate %1, complexity %2, loss %3%)")
                     .arg(settings.bitrate)
                     .arg(settings.complexity)
                     .arg(settings.expectedLossPercent);
        opus_encoder_destroy(encoder_);
        encoder_ = nullptr;
    }
}

OpusFrameEncoder::~OpusFrameEncoder()
{
    if (encoder_)
        opus_encoder_destroy(encoder_);
}

QByteArray OpusFrameEncoder::encode(const std::int16_t *pcm, std::size_t samples)
{
    if (!encoder_) {
        error_ = QStringLiteral("encoder is not valid");
        return {};
    }
    if (pcm == nullptr || samples != static_cast<std::size_t>(kFrameSamples)) {
        error_ = QStringLiteral("expected one %1-sample frame, got %2").arg(kFrameSamples).arg(samples);
        return {};
    }
    QByteArray packet(kMaxPacketBytes, Qt::Uninitialized);
    const opus_int32 n = opus_encode(encoder_, pcm, kFrameSamples,
                                     reinterpret_cast<unsigned char *>(packet.data()), kMaxPacketBytes);
    if (n < 0) {
        error_ = QStringLiteral("opus_encode: %1").arg(QString::fromUtf8(opus_strerror(n)));
        qCWarning(lcMedia) << error_;
        return {};
    }
    packet.truncate(n);
    return packet;
}

bool OpusFrameEncoder::setBitrate(int bitsPerSecond)
{
    if (!encoder_ || opus_encoder_ctl(encoder_, OPUS_SET_BITRATE(bitsPerSecond)) != OPUS_OK) {
        error_ = QStringLiteral("invalid Opus bitrate %1").arg(bitsPerSecond);
        return false;
    }
    return true;
}

} // namespace spk::media
