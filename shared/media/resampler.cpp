#include "shared/media/resampler.h"

#include "shared/media/pcm_bytes.h"

#include <speex/speex_resampler.h>

#include <algorithm>

namespace spk::media {

Resampler::Resampler(int inputRate, int outputRate, int quality)
    : inputRate_(inputRate), outputRate_(outputRate)
{
    if (inputRate <= 0 || outputRate <= 0 || inputRate > 384000 || outputRate > 384000) {
        error_ = QStringLiteral("invalid sample rates %1 -> %2").arg(inputRate).arg(outputRate);
        return;
    }
    if (quality < 0 || quality > 10) {
        error_ = QStringLiteral("invalid resampler quality %1 (0..10)").arg(quality);
        return;
    }
    if (inputRate == outputRate) {
        passthrough_ = true;
        return;
    }
    int err = RESAMPLER_ERR_SUCCESS;
    state_ = speex_resampler_init(1, static_cast<spx_uint32_t>(inputRate),
                                  static_cast<spx_uint32_t>(outputRate), quality, &err);
    if (err != RESAMPLER_ERR_SUCCESS || state_ == nullptr) {
        error_ =
            QStringLiteral("speex_resampler_init: %1").arg(QString::fromUtf8(speex_resampler_strerror(err)));
        state_ = nullptr;
        return;
    }
    // Drop the filter's leading delay so output sample 0 lines up with input sample 0.
    speex_resampler_skip_zeros(state_);
}

Resampler::~Resampler()
{
    if (state_)
        speex_resampler_destroy(state_);
}

std::int64_t Resampler::expectedOutput() const
{
    return (totalIn_ * outputRate_ + inputRate_ / 2) / inputRate_;
}

Pcm16 Resampler::process(const std::int16_t *pcm, std::size_t samples)
{
    if (passthrough_)
        return Pcm16(pcm, pcm + samples);
    if (!state_ || pcm == nullptr || samples == 0)
        return {};
    Pcm16 out;
    out.reserve(samples * static_cast<std::size_t>(outputRate_) / static_cast<std::size_t>(inputRate_) + 16);
    std::size_t consumed = 0;
    std::int16_t buffer[4096];
    while (consumed < samples) {
        spx_uint32_t inLen = static_cast<spx_uint32_t>(std::min<std::size_t>(samples - consumed, 1u << 20));
        spx_uint32_t outLen = sizeof(buffer) / sizeof(buffer[0]);
        speex_resampler_process_int(state_, 0, pcm + consumed, &inLen, buffer, &outLen);
        if (inLen == 0 && outLen == 0)
            break; // no progress possible; never spin
        consumed += inLen;
        out.insert(out.end(), buffer, buffer + outLen);
    }
    totalIn_ += static_cast<std::int64_t>(consumed);
    totalOut_ += static_cast<std::int64_t>(out.size());
    return out;
}

Pcm16 Resampler::flush()
{
    if (passthrough_ || !state_)
        return {};
    // Push silence through the filter until every input sample has produced its output.
    Pcm16 out;
    const std::int64_t wanted = expectedOutput();
    const Pcm16 zeros(static_cast<std::size_t>(speex_resampler_get_input_latency(state_)) + 1, 0);
    std::int16_t buffer[4096];
    for (int round = 0; round < 4 && totalOut_ + static_cast<std::int64_t>(out.size()) < wanted; ++round) {
        spx_uint32_t inLen = static_cast<spx_uint32_t>(zeros.size());
        spx_uint32_t outLen = sizeof(buffer) / sizeof(buffer[0]);
        speex_resampler_process_int(state_, 0, zeros.data(), &inLen, buffer, &outLen);
        out.insert(out.end(), buffer, buffer + outLen);
    }
    const std::int64_t missing = std::max<std::int64_t>(0, wanted - totalOut_);
    if (static_cast<std::int64_t>(out.size()) > missing)
        out.resize(static_cast<std::size_t>(missing));
    // Ready for the next stream.
    speex_resampler_reset_mem(state_);
    speex_resampler_skip_zeros(state_);
    totalIn_ = 0;
    totalOut_ = 0;
    return out;
}

QByteArray Resampler::processBytes(const QByteArray &le16)
{
    QByteArray bytes = carry_ + le16;
    carry_.clear();
    if (bytes.size() % 2) {
        carry_ = bytes.right(1);
        bytes.chop(1);
    }
    return pcmToLe16(process(pcmFromLe16(bytes.constData(), bytes.size() / 2)));
}

QByteArray Resampler::flushBytes()
{
    carry_.clear();
    return pcmToLe16(flush());
}

} // namespace spk::media
