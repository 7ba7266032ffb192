// speexdsp resampler: lengths, frequency preserved, chunking, flush, bad rates.
#include "audio_test_util.h"
#include "shared/media/resampler.h"

#include <QTest>

using namespace spk::media;
using namespace spk::media::test;

class TestResampler : public QObject
{
    Q_OBJECT
private slots:
    void espeakRateTo16k()
    {
        Resampler r(22050, 16000);
        QVERIFY2(r.isValid(), qPrintable(r.errorString()));
        const Pcm16 input = sine(440, 22050, 22050); // 1 s
        Pcm16 output;
        // Uneven chunks, as a TTS engine delivers them.
        std::size_t pos = 0;
        const std::size_t chunks[] = {1, 999, 4096, 37, 5000, 11025};
        for (std::size_t c : chunks) {
            const std::size_t n = std::min(c, input.size() - pos);
            const Pcm16 out = r.process(input.data() + pos, n);
            output.insert(output.end(), out.begin(), out.end());
            pos += n;
        }
        QCOMPARE(pos, input.size() - 892); // the chunks above leave a remainder
        const Pcm16 rest = r.process(input.data() + pos, input.size() - pos);
        output.insert(output.end(), rest.begin(), rest.end());
        const Pcm16 tail = r.flush();
        output.insert(output.end(), tail.begin(), tail.end());
        QCOMPARE(output.size(), std::size_t(16000));
        // 440 Hz stays 440 Hz: one rising zero crossing per period.
        const int crossings = risingZeroCrossings(output);
        QVERIFY2(std::abs(crossings - 440) <= 2, qPrintable(QString::number(crossings)));
        const double in = rms(input), out = rms(output, 200, 15800);
        QVERIFY2(std::abs(out - in) < 0.05 * in, qPrintable(QStringLiteral("%1 vs %2").arg(out).arg(in)));
        // Aligned with the input: the resampled tone correlates without a lag.
        const Pcm16 reference = sine(440, 16000, 16000);
        QVERIFY(bestCorrelation(Pcm16(reference.begin() + 100, reference.end() - 100),
                                Pcm16(output.begin() + 100, output.end() - 100), 0) > 0.99);
    }

    void reusableAfterFlush()
    {
        Resampler r(48000, 16000);
        const Pcm16 input = sine(1000, 48000, 4800);
        for (int round = 0; round < 2; ++round) {
            Pcm16 out = r.process(input);
            const Pcm16 tail = r.flush();
            out.insert(out.end(), tail.begin(), tail.end());
            QCOMPARE(out.size(), std::size_t(1600));
            QVERIFY(std::abs(risingZeroCrossings(out) - 100) <= 1);
        }
    }

    void equalRatesCopy()
    {
        Resampler r(16000, 16000);
        QVERIFY(r.isValid());
        const Pcm16 input = sine(440, 16000, 320);
        QVERIFY(r.process(input) == input);
        QVERIFY(r.flush().empty());
    }

    void refusesBadRates()
    {
        QVERIFY(!Resampler(0, 16000).isValid());
        QVERIFY(!Resampler(22050, -1).isValid());
        Resampler bad(0, 16000);
        QVERIFY(!bad.errorString().isEmpty());
        QVERIFY(bad.process(Pcm16(100)).empty());
        QVERIFY(bad.flush().empty());
        Resampler ok(22050, 16000);
        QVERIFY(ok.process(nullptr, 10).empty());
    }
};

QTEST_GUILESS_MAIN(TestResampler)
#include "tst_resampler.moc"
