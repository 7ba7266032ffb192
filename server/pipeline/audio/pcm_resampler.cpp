#include "server/pipeline/audio/pcm_resampler.h"

#include <speex/speex_resampler.h>

#include <vector>

namespace spk::server::pipeline {

struct PcmResampler::SpeexState
{
    SpeexResamplerState *resampler = nullptr;
};

PcmResampler::PcmResampler(int inputRate, int outputRate, int quality)
    : m_inputRate(inputRate), m_outputRate(outputRate)
{
    if (inputRate <= 0 || outputRate <= 0 || quality < 0 || quality > 10) {
        m_error = QStringLiteral("invalid resampler parameters %1 Hz -> %2 Hz, quality %3")
                      .arg(inputRate)
                      .arg(outputRate)
                      .arg(quality);
        return;
    }
    int err = 0;
    SpeexResamplerState *st =
        speex_resampler_init(1, spx_uint32_t(inputRate), spx_uint32_t(outputRate), quality, &err);
    if (!st) {
        m_error = QString::fromUtf8(speex_resampler_strerror(err));
        return;
    }
    speex_resampler_skip_zeros(st); // drop the leading filter delay so output starts with the audio
    m_state = new SpeexState{st};
}

PcmResampler::~PcmResampler()
{
    if (m_state)
        speex_resampler_destroy(m_state->resampler);
    delete m_state;
}

QByteArray PcmResampler::process(const QByteArray &pcm)
{
    QByteArray bytes = m_carry + pcm;
    m_carry.clear();
    if (bytes.size() % 2) {
        m_carry = bytes.right(1);
        bytes.chop(1);
    }
    return process(reinterpret_cast<const qint16 *>(bytes.constData()), int(bytes.size() / 2));
}

QByteArray PcmResampler::process(const qint16 *samples, int count)
{
    if (!m_state || count <= 0)
        return {};
    if (m_inputRate == m_outputRate)
        return QByteArray(reinterpret_cast<const char *>(samples), count * 2);
    std::vector<spx_int16_t> out(size_t(qint64(count) * m_outputRate / m_inputRate + 64));
    QByteArray result;
    spx_uint32_t consumedTotal = 0;
    while (consumedTotal < spx_uint32_t(count)) {
        spx_uint32_t inLen = spx_uint32_t(count) - consumedTotal;
        spx_uint32_t outLen = spx_uint32_t(out.size());
        speex_resampler_process_int(m_state->resampler, 0, samples + consumedTotal, &inLen, out.data(),
                                    &outLen);
        result.append(reinterpret_cast<const char *>(out.data()), int(outLen * 2));
        consumedTotal += inLen;
        if (inLen == 0 && outLen == 0)
            break; // cannot happen with a valid state; guards against an endless loop
    }
    return result;
}

QByteArray PcmResampler::flush()
{
    if (!m_state || m_inputRate == m_outputRate)
        return {};
    const int latency = speex_resampler_get_input_latency(m_state->resampler);
    std::vector<qint16> zeros(size_t(latency), 0);
    QByteArray tail = process(zeros.data(), latency);
    speex_resampler_reset_mem(m_state->resampler);
    speex_resampler_skip_zeros(m_state->resampler);
    return tail;
}

} // namespace spk::server::pipeline
