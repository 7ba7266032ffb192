// TTS stage: resampling and WAV helpers, espeak-ng (English and Mandarin) to 16 kHz PCM, the OpenAI
// /audio/speech backend against a local server, and the ordered per-session speech queue.
#include "server/pipeline/tts/espeak_tts_backend.h"
#include "server/pipeline/tts/openai_speech_backend.h"
#include "server/pipeline/tts/speech_queue.h"
#include "shared/media/resampler.h"
#include "shared/media/wav.h"
#include "tests/support/local_ai_servers/openai_fake_server.h"
#include "tests/unit/pipeline/pipeline_test_audio.h"

#include <QSignalSpy>
#include <QtTest>

#include <cmath>

using namespace spk::server::pipeline;
using spk::media::encodeWav;
using spk::media::parseWavHeader;
using spk::media::WavFormat;
using PcmResampler = spk::media::Resampler; // the byte-stream side of the one resampler
using spk::testsupport::rmsOf;
using spk::testsupport::secondsOf;

namespace {

QByteArray sine(int rate, double hz, double seconds, double amplitude = 8000)
{
    QByteArray pcm;
    const int n = int(rate * seconds);
    pcm.resize(n * 2);
    auto *s = reinterpret_cast<qint16 *>(pcm.data());
    for (int i = 0; i < n; ++i)
        s[i] = qint16(amplitude * std::sin(2 * M_PI * hz * i / rate));
    return pcm;
}

// Frequency of a pure tone from its zero crossings.
double toneFrequency(const QByteArray &pcm, int rate)
{
    const auto *s = reinterpret_cast<const qint16 *>(pcm.constData());
    const qsizetype n = pcm.size() / 2;
    int crossings = 0;
    for (qsizetype i = 1; i < n; ++i)
        if ((s[i - 1] < 0) != (s[i] < 0))
            ++crossings;
    return crossings / 2.0 / (double(n) / rate);
}

struct Synthesis
{
    QByteArray pcm;
    QString error;
    int chunks = 0;
};

Synthesis synthesize(TtsBackend &tts, const QString &id, const QString &text, const QString &voice)
{
    Synthesis result;
    QObject guard;
    QObject::connect(&tts, &TtsBackend::audioChunk, &guard, [&](const QString &rid, const QByteArray &pcm) {
        if (rid == id) {
            result.pcm += pcm;
            ++result.chunks;
        }
    });
    bool done = false;
    QObject::connect(&tts, &TtsBackend::finished, &guard,
                     [&](const QString &rid) { done = done || rid == id; });
    QObject::connect(&tts, &TtsBackend::failed, &guard, [&](const QString &rid, const QString &message) {
        if (rid == id) {
            result.error = message;
            done = true;
        }
    });
    tts.synthesize(id, text, voice);
    if (!QTest::qWaitFor([&] { return done; }, 60000))
        result.error = QStringLiteral("test: no answer within 60 s");
    return result;
}

OpenAiEndpoint endpointAt(const QString &url)
{
    return OpenAiEndpoint{url, "sk-tts", "tts-1", 5000};
}

} // namespace

class TestPipelineTts : public QObject
{
    Q_OBJECT
private slots:
    void resamplerKeepsPitchAndDuration()
    {
        PcmResampler r(22050, 16000);
        QVERIFY(r.isValid());
        const QByteArray in = sine(22050, 1000, 1.0);
        QByteArray out;
        // odd-sized pieces: samples split across calls must survive
        for (qsizetype at = 0; at < in.size(); at += 1001)
            out += r.processBytes(in.mid(at, 1001));
        out += r.flushBytes();
        QVERIFY2(std::abs(out.size() / 2 - 16000) < 200, qPrintable(QString::number(out.size() / 2)));
        QVERIFY(std::abs(toneFrequency(out, 16000) - 1000) < 20);
        QVERIFY(!PcmResampler(0, 16000).isValid());
        QVERIFY(!PcmResampler(16000, 16000, 11).errorString().isEmpty());
    }

    void wavRoundTripAndBadFiles()
    {
        const QByteArray pcm = sine(16000, 440, 0.1);
        const QByteArray wav = encodeWav(pcm, 16000);
        WavFormat f;
        QString error;
        QVERIFY(parseWavHeader(wav, &f, &error));
        QCOMPARE(f.sampleRate, 16000);
        QCOMPARE(f.channels, 1);
        QCOMPARE(wav.mid(f.dataOffset, f.dataSize), pcm);
        QVERIFY(!parseWavHeader("RIFF", &f, &error));
        QVERIFY(!parseWavHeader(wav.left(30), &f, &error));
        QVERIFY(!parseWavHeader(wav.left(60), &f, &error)); // data chunk cut short
        QVERIFY(error.contains("truncated"));
        QVERIFY(parseWavHeader(wav.left(60), &f, &error, /*complete=*/false)); // still streaming
        QByteArray eightBit = wav;
        eightBit[34] = 8;
        QVERIFY(!parseWavHeader(eightBit, &f, &error));
        QVERIFY(error.contains("bits"));
        // A real recording from pocketsphinx-testdata parses too.
        QVERIFY(!spk::testsupport::loadTestSpeech("cards/001.wav").isEmpty());
    }

    void espeakEnglish()
    {
        EspeakTtsBackend tts;
        QVERIFY(tts.healthy());
        const Synthesis s = synthesize(tts, "e1", "Hello. The time is three o'clock in the afternoon.", "en");
        QVERIFY2(s.error.isEmpty(), qPrintable(s.error));
        QVERIFY(s.chunks >= 2); // streamed, not one blob
        QVERIFY2(secondsOf(s.pcm) > 1.5 && secondsOf(s.pcm) < 8,
                 qPrintable(QString::number(secondsOf(s.pcm))));
        QVERIFY2(rmsOf(s.pcm) > 500, qPrintable(QString::number(rmsOf(s.pcm))));
        // The same text again: about the same audio (espeak-ng varies slightly between runs).
        const QByteArray again =
            synthesize(tts, "e2", "Hello. The time is three o'clock in the afternoon.", "en").pcm;
        QVERIFY(std::abs(secondsOf(again) - secondsOf(s.pcm)) < 0.1 * secondsOf(s.pcm));
        // A longer text takes longer to say.
        const QByteArray longer = synthesize(tts, "e3", QString("Hello. ").repeated(12), "en").pcm;
        QVERIFY(secondsOf(longer) > 4 * secondsOf(synthesize(tts, "e4", "Hello.", "en").pcm));
    }

    void espeakMandarin()
    {
        EspeakTtsBackend tts;
        const Synthesis s = synthesize(tts, "z1", QStringLiteral("现在是下午三点，音量已调到五十。"), "cmn");
        QVERIFY2(s.error.isEmpty(), qPrintable(s.error));
        QVERIFY2(secondsOf(s.pcm) > 1.0 && secondsOf(s.pcm) < 10,
                 qPrintable(QString::number(secondsOf(s.pcm))));
        QVERIFY(rmsOf(s.pcm) > 500);
        const Synthesis en = synthesize(tts, "z2", QStringLiteral("现在是下午三点，音量已调到五十。"), "en");
        QVERIFY(en.pcm != s.pcm); // the voice matters
    }

    void espeakRejectsBadRequests()
    {
        EspeakTtsBackend tts;
        QCOMPARE(synthesize(tts, "b1", "hello", "no-such-voice").error,
                 QStringLiteral("espeak-ng has no voice 'no-such-voice'"));
        QVERIFY(synthesize(tts, "b2", "   ", "en").error.startsWith("text must be"));
        QVERIFY(synthesize(tts, "b3", QString(3000, 'a'), "en").error.startsWith("text must be"));
        QVERIFY(synthesize(tts, "b4", "still works", "en").error.isEmpty());
    }

    void espeakCancel()
    {
        EspeakTtsBackend tts;
        QSignalSpy finished(&tts, &TtsBackend::finished);
        QSignalSpy chunks(&tts, &TtsBackend::audioChunk);
        tts.synthesize("long", QString("This is a rather long sentence that keeps going. ").repeated(10),
                       "en");
        tts.synthesize("short", "Done.", "en");
        tts.cancel("long");
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
        QCOMPARE(finished.at(0).at(0).toString(), QStringLiteral("short"));
        for (const auto &c : chunks)
            QCOMPARE(c.at(0).toString(), QStringLiteral("short"));
    }

    void openAiSpeechPcmAndWav_data()
    {
        QTest::addColumn<QString>("format");
        QTest::newRow("pcm") << "pcm";
        QTest::newRow("wav") << "wav";
    }
    void openAiSpeechPcmAndWav()
    {
        QFETCH(QString, format);
        spk::testsupport::OpenAiFakeServer server;
        QVERIFY(server.listen());
        server.setSpeechPcm24k(sine(24000, 500, 1.0));
        OpenAiSpeechBackend tts(endpointAt(server.baseUrl()), format, "alloy");
        const Synthesis s = synthesize(tts, "o", "Hello there.", QString());
        QVERIFY2(s.error.isEmpty(), qPrintable(s.error));
        QVERIFY2(std::abs(s.pcm.size() / 2 - 16000) < 200, qPrintable(QString::number(s.pcm.size() / 2)));
        QVERIFY(std::abs(toneFrequency(s.pcm, 16000) - 500) < 15);
        QVERIFY(s.chunks >= 2);
        QCOMPARE(server.lastJsonBody().value("voice").toString(), QStringLiteral("alloy"));
        QCOMPARE(server.lastJsonBody().value("response_format").toString(), format);
        QCOMPARE(server.lastJsonBody().value("input").toString(), QStringLiteral("Hello there."));
        QCOMPARE(server.lastJsonBody().value("model").toString(), QStringLiteral("tts-1"));
    }

    void openAiSpeechFailure()
    {
        spk::testsupport::OpenAiFakeServer server;
        QVERIFY(server.listen());
        server.setErrorStatus(503);
        OpenAiSpeechBackend tts(endpointAt(server.baseUrl()), "pcm", "alloy");
        QCOMPARE(synthesize(tts, "f", "Hello.", "nova").error, QStringLiteral("HTTP 503: scripted failure"));
        QVERIFY(!tts.healthy());
    }

    // Sentences of a session come out in order, as one stream, and a bad one is skipped.
    void speechQueueKeepsOrder()
    {
        EspeakTtsBackend tts;
        const QByteArray first = synthesize(tts, "a", "First sentence.", "en").pcm;
        const QByteArray second = synthesize(tts, "b", "And the second one.", "en").pcm;
        SpeechQueue queue(&tts);
        QByteArray streamed;
        connect(&queue, &SpeechQueue::audio, this, [&](const QString &session, const QByteArray &pcm) {
            QCOMPARE(session, QStringLiteral("s"));
            streamed += pcm;
        });
        QSignalSpy drained(&queue, &SpeechQueue::drained);
        QSignalSpy failedSentences(&queue, &SpeechQueue::sentenceFailed);
        queue.enqueue("s", "First sentence.", "en");
        queue.enqueue("s", "", "en");
        queue.enqueue("s", "And the second one.", "en");
        QVERIFY(!queue.isIdle("s"));
        QTRY_COMPARE_WITH_TIMEOUT(drained.size(), 1, 60000);
        QCOMPARE(failedSentences.size(), 1);
        const double expected = secondsOf(first) + secondsOf(second);
        QVERIFY2(std::abs(secondsOf(streamed) - expected) < 0.1 * expected,
                 qPrintable(QStringLiteral("%1 vs %2").arg(secondsOf(streamed)).arg(expected)));
        QVERIFY(queue.isIdle("s"));
    }
};

QTEST_GUILESS_MAIN(TestPipelineTts)
#include "tst_pipeline_tts.moc"
