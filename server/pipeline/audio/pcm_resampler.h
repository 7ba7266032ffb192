#pragma once
// Mono int16 PCM sample-rate conversion with speexdsp's resampler, fed chunk by chunk.
// (shared/media will get a common wrapper; this one is the pipeline's until then.)
#include <QByteArray>
#include <QString>

#include <memory>

namespace spk::server::pipeline {

class PcmResampler
{
public:
    // quality 0..10 (speexdsp); 5 is its "VoIP" default. Check isValid() before use.
    PcmResampler(int inputRate, int outputRate, int quality = 5);
    ~PcmResampler();
    PcmResampler(const PcmResampler &) = delete;
    PcmResampler &operator=(const PcmResampler &) = delete;

    bool isValid() const { return m_state != nullptr; }
    QString errorString() const { return m_error; }
    int inputRate() const { return m_inputRate; }
    int outputRate() const { return m_outputRate; }

    // Converts little-endian int16 samples; an odd trailing byte is kept for the next call.
    QByteArray process(const QByteArray &pcm);
    QByteArray process(const qint16 *samples, int count);
    // Pushes the filter's delay line out at the end of a stream.
    QByteArray flush();

private:
    struct SpeexState;
    SpeexState *m_state = nullptr;
    int m_inputRate;
    int m_outputRate;
    QByteArray m_carry;
    QString m_error;
};

} // namespace spk::server::pipeline
