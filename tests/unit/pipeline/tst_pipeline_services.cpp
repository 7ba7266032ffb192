// The configured pipeline end to end, as the bridge drives it: real speech -> pocketsphinx ->
// dialogue -> espeak-ng -> 16 kHz PCM; and config validation.
#include "server/pipeline/asr/asr_manager.h"
#include "server/pipeline/dialogue/dialogue_manager.h"
#include "server/pipeline/pipeline_services.h"
#include "server/pipeline/tts/speech_queue.h"
#include "tests/unit/pipeline/pipeline_test_audio.h"

#include <QSignalSpy>
#include <QtTest>

using namespace spk::server::pipeline;
Q_DECLARE_METATYPE(spk::server::pipeline::PipelineConfig)

class TestPipelineServices : public QObject
{
    Q_OBJECT
private slots:
    void invalidConfigsAreRejected_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<PipelineConfig>("config");
        PipelineConfig c;
        c.asr.primary = "whisper";
        QTest::newRow("asr.primary") << "pipeline.asr.primary" << c;
        c = {};
        c.asr.fallback = "pocketsphinx";
        QTest::newRow("same fallback") << "pipeline.asr.fallback" << c;
        c = {};
        c.asr.primary = "openai";
        c.asr.openai.baseUrl = "ftp://x";
        QTest::newRow("openai url") << "pipeline.asr.openai.url" << c;
        c = {};
        c.llm.enabled = true;
        QTest::newRow("llm url") << "pipeline.llm.url" << c;
        c = {};
        c.tts.backend = "festival";
        QTest::newRow("tts backend") << "pipeline.tts.backend" << c;
        c = {};
        c.asr.pocketsphinx.mode = "kws";
        QTest::newRow("ps mode") << "pipeline.asr.pocketsphinx.mode" << c;
        c = {};
        c.dialogue.languages = {"fr"};
        QTest::newRow("language") << "pipeline.dialogue.languages" << c;
    }
    void invalidConfigsAreRejected()
    {
        QFETCH(QString, key);
        QFETCH(PipelineConfig, config);
        QString error;
        QVERIFY(!PipelineServices::create(config, &error));
        QVERIFY2(error.startsWith(key), qPrintable(error));
    }

    void missingModelIsReported()
    {
        PipelineConfig c;
        c.asr.pocketsphinx.dictFile = "/nonexistent.dict";
        QString error;
        QVERIFY(!PipelineServices::create(c, &error));
        QVERIFY(error.contains("/nonexistent.dict"));
    }

    void grammarModeBuildsFromShippedIntents()
    {
        PipelineConfig c;
        c.asr.pocketsphinx.mode = "grammar";
        c.asr.pocketsphinx.decoders = 1;
        QString error;
        auto p = PipelineServices::create(c, &error);
        QVERIFY2(p, qPrintable(error));
        QVERIFY(p->asr()->healthy());
    }

    void speechToReplyAudio()
    {
        PipelineConfig c;
        c.asr.pocketsphinx.decoders = 1;
        QString error;
        auto p = PipelineServices::create(c, &error);
        QVERIFY2(p, qPrintable(error));
        QCOMPARE(p->voiceFor("zh"), QStringLiteral("cmn"));
        QVERIFY(!p->llm());

        QString transcript;
        QByteArray reply;
        bool drained = false;
        connect(p->asr(), &AsrBackend::finalTranscript, this,
                [&](const QString &session, const QString &text) {
                    transcript = text;
                    DeviceContext context;
                    context.deviceId = "spk-1";
                    p->dialogue()->handle(session, text, context);
                });
        connect(p->dialogue(), &DialogueManager::sentenceReady, this,
                [&](const QString &session, const QString &sentence, const QString &language) {
                    p->speech()->enqueue(session, sentence, p->voiceFor(language));
                });
        connect(p->speech(), &SpeechQueue::audio, this,
                [&](const QString &, const QByteArray &pcm) { reply += pcm; });
        connect(p->speech(), &SpeechQueue::drained, this, [&] { drained = true; });

        const QByteArray speech = spk::testsupport::loadTestSpeech("goforward.raw");
        p->asr()->startStream("s1");
        for (qsizetype at = 0; at < speech.size(); at += 640)
            p->asr()->feed("s1", speech.mid(at, 640));
        p->asr()->finish("s1");
        QTRY_VERIFY_WITH_TIMEOUT(drained, 60000);
        QVERIFY2(transcript.contains("forward"), qPrintable(transcript));
        // Not an intent and no LLM: the polite fallback sentence, spoken.
        QVERIFY(spk::testsupport::secondsOf(reply) > 2.0);
        QVERIFY(spk::testsupport::rmsOf(reply) > 500);
    }
};

QTEST_GUILESS_MAIN(TestPipelineServices)
#include "tst_pipeline_services.moc"
