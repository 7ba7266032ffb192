// Opus 20 ms frames: encode/decode keeps a tone, PLC and FEC produce a frame, bad input is refused.
#include "audio_test_util.h"
#include "shared/media/opus_frame_decoder.h"
#include "shared/media/opus_frame_encoder.h"

#include <QTest>

using namespace spk::media;
using namespace spk::media::test;

namespace {

OpusEncoderSettings withFec()
{
    OpusEncoderSettings s;
    s.inbandFec = true;
    s.expectedLossPercent = 20;
    return s;
}

OpusEncoderSettings withComplexity(int complexity)
{
    OpusEncoderSettings s;
    s.complexity = complexity;
    return s;
}

Pcm16 slice(const Pcm16 &pcm, std::size_t frame)
{
    return Pcm16(pcm.begin() + frame * kFrameSamples, pcm.begin() + (frame + 1) * kFrameSamples);
}

} // namespace

class TestOpusCodec : public QObject
{
    Q_OBJECT
private slots:
    void sineSurvivesEncodeDecode()
    {
        OpusFrameEncoder encoder;
        OpusFrameDecoder decoder;
        QVERIFY2(encoder.isValid(), qPrintable(encoder.errorString()));
        QVERIFY(decoder.isValid());
        const Pcm16 input = sine(440, kSampleRate, kSampleRate); // 1 s
        Pcm16 output;
        std::size_t totalBytes = 0;
        for (std::size_t f = 0; f < input.size() / kFrameSamples; ++f) {
            const QByteArray packet = encoder.encode(slice(input, f));
            QVERIFY2(!packet.isEmpty(), qPrintable(encoder.errorString()));
            QVERIFY(packet.size() <= 1000);
            totalBytes += std::size_t(packet.size());
            const Pcm16 pcm = decoder.decode(packet);
            QCOMPARE(pcm.size(), std::size_t(kFrameSamples));
            output.insert(output.end(), pcm.begin(), pcm.end());
        }
        // 24 kbit/s for 1 s is about 3000 bytes; VBR allows some spread.
        QVERIFY2(totalBytes > 1500 && totalBytes < 4500, qPrintable(QString::number(totalBytes)));
        // Skip the codec's start-up; compare the steady state.
        const double in = rms(input, 1600), out = rms(output, 1600);
        QVERIFY2(out > 0.7 * in && out < 1.3 * in, qPrintable(QStringLiteral("%1 vs %2").arg(out).arg(in)));
        const Pcm16 steadyIn(input.begin() + 1600, input.end() - 800);
        const Pcm16 steadyOut(output.begin() + 1600, output.end());
        QVERIFY(bestCorrelation(steadyIn, steadyOut, 400) > 0.9);
        QVERIFY(std::abs(risingZeroCrossings(output, 1600) - risingZeroCrossings(input, 1600)) <= 3);
    }

    void plcReturnsOneFrame()
    {
        OpusFrameEncoder encoder;
        OpusFrameDecoder decoder;
        const Pcm16 input = sine(440, kSampleRate, 10 * kFrameSamples);
        for (std::size_t f = 0; f < 10; ++f)
            QVERIFY(!decoder.decode(encoder.encode(slice(input, f))).empty());
        const Pcm16 concealed = decoder.conceal();
        QCOMPARE(concealed.size(), std::size_t(kFrameSamples));
        QVERIFY(rms(concealed) > 100.0); // PLC continues the tone instead of going silent at once
        // PLC right at the start (nothing decoded yet) still yields a frame.
        OpusFrameDecoder fresh;
        QCOMPARE(fresh.conceal().size(), std::size_t(kFrameSamples));
    }

    void fecRecoversLostFrame()
    {
        OpusFrameEncoder encoder(withFec());
        QVERIFY(encoder.isValid());
        OpusFrameDecoder decoder;
        const Pcm16 input = sine(300, kSampleRate, 20 * kFrameSamples);
        std::vector<QByteArray> packets;
        for (std::size_t f = 0; f < 20; ++f)
            packets.push_back(encoder.encode(slice(input, f)));
        for (std::size_t f = 0; f < 10; ++f)
            decoder.decode(packets[f]);
        // Frame 10 lost: rebuild it from frame 11's FEC data, then decode 11 normally.
        const Pcm16 recovered = decoder.recoverFromNext(packets[11]);
        QCOMPARE(recovered.size(), std::size_t(kFrameSamples));
        QVERIFY(rms(recovered) > 100.0);
        QCOMPARE(decoder.decode(packets[11]).size(), std::size_t(kFrameSamples));
    }

    void refusesBadInput()
    {
        OpusFrameEncoder encoder;
        QVERIFY(encoder.encode(Pcm16(319)).isEmpty());
        QVERIFY(!encoder.errorString().isEmpty());
        QVERIFY(encoder.encode(nullptr, 320).isEmpty());
        QVERIFY(!encoder.setBitrate(-5));
        QVERIFY(encoder.setBitrate(16000));
        QVERIFY(!OpusFrameEncoder(withComplexity(11)).isValid());
        OpusFrameDecoder decoder;
        QVERIFY(decoder.decode(QByteArray()).empty());
        QVERIFY(decoder.decode(QByteArray("\x03", 1)).empty()); // code-3 TOC without a frame count
        QVERIFY(!decoder.errorString().isEmpty());
        QCOMPARE(decoder.conceal().size(), std::size_t(kFrameSamples)); // still usable afterwards
    }
};

QTEST_GUILESS_MAIN(TestOpusCodec)
#include "tst_opus_codec.moc"
