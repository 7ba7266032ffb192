// The "null" ASR and TTS of the media benchmarks: they keep the AsrBackend / TtsBackend contracts
// (queued signals, one final per stream, cancel silences a request, bad input fails clearly).
#include "server/pipeline/asr/null_asr_backend.h"
#include "server/pipeline/tts/null_tts_backend.h"

#include <QSignalSpy>
#include <QTest>

using namespace spk::server::pipeline;

class TestNullBackends : public QObject
{
    Q_OBJECT
private slots:
    void asrGivesOneFixedFinalAfterFinish()
    {
        NullAsrBackend asr;
        QSignalSpy finals(&asr, &AsrBackend::finalTranscript);
        QSignalSpy failures(&asr, &AsrBackend::streamFailed);
        asr.startStream(QStringLiteral("s1"));
        asr.feed(QStringLiteral("s1"), QByteArray(640, '\0'));
        asr.finish(QStringLiteral("s1"));
        QCOMPARE(finals.size(), 0); // never from inside the call
        QVERIFY(finals.wait(1000));
        QCOMPARE(finals.at(0).at(0).toString(), QStringLiteral("s1"));
        QCOMPARE(finals.at(0).at(1).toString(), QString::fromLatin1(NullAsrBackend::kTranscript));
        QCOMPARE(failures.size(), 0);
        // The session id may be reused after its final.
        asr.startStream(QStringLiteral("s1"));
        asr.cancel(QStringLiteral("s1"));
        QTest::qWait(20);
        QCOMPARE(finals.size(), 1);
    }

    void asrRejectsBadInput()
    {
        NullAsrBackend asr;
        QSignalSpy failures(&asr, &AsrBackend::streamFailed);
        asr.feed(QStringLiteral("nope"), QByteArray(2, '\0')); // no stream
        asr.startStream(QStringLiteral("s2"));
        asr.startStream(QStringLiteral("s2"));               // duplicate start
        asr.feed(QStringLiteral("s2"), QByteArray(3, '\0')); // half a sample
        asr.finish(QStringLiteral("other"));                 // unknown stream
        QTRY_COMPARE(failures.size(), 4);
    }

    void ttsGivesShortFixedPcmOrNothingWhenCancelled()
    {
        NullTtsBackend tts;
        QSignalSpy chunks(&tts, &TtsBackend::audioChunk);
        QSignalSpy done(&tts, &TtsBackend::finished);
        QSignalSpy failures(&tts, &TtsBackend::failed);
        tts.synthesize(QStringLiteral("r1"), QStringLiteral("It's noon."));
        tts.synthesize(QStringLiteral("r2"), QStringLiteral("Cancelled."));
        tts.cancel(QStringLiteral("r2"));
        QVERIFY(done.wait(1000));
        QTest::qWait(20);
        QCOMPARE(done.size(), 1);
        QCOMPARE(chunks.size(), 1);
        QCOMPARE(chunks.at(0).at(1).toByteArray().size(),
                 TtsBackend::kOutputRate * NullTtsBackend::kDurationMs / 1000 * 2);
        tts.synthesize(QStringLiteral("r3"), QStringLiteral("   "));
        QTRY_COMPARE(failures.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestNullBackends)
#include "tst_null_backends.moc"
