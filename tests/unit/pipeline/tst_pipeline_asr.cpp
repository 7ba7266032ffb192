// ASR stage: pocketsphinx on real recorded speech, the OpenAI transcription backend against a local
// server speaking OpenAI's wire format, and AsrManager's fallback.
#include "server/pipeline/asr/asr_manager.h"
#include "server/pipeline/asr/openai_transcription_backend.h"
#include "server/pipeline/asr/pocketsphinx_backend.h"
#include "shared/media/wav.h"
#include "tests/support/local_ai_servers/openai_fake_server.h"
#include "tests/unit/pipeline/pipeline_test_audio.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QtTest>

using namespace spk::server::pipeline;
using spk::media::parseWavHeader;
using spk::media::WavFormat;
using spk::testsupport::loadTestSpeech;

namespace {

constexpr int kWait = 60000; // generous: two cores shared with other builds

// Feeds audio in 20 ms chunks, like the bridge does after Opus decoding.
void feedInChunks(AsrBackend &asr, const QString &id, const QByteArray &pcm)
{
    for (qsizetype at = 0; at < pcm.size(); at += 640)
        asr.feed(id, pcm.mid(at, 640));
}

QString finalTextOf(const QSignalSpy &spy, const QString &id)
{
    for (const QList<QVariant> &args : spy)
        if (args.at(0).toString() == id)
            return args.at(1).toString();
    return QStringLiteral("<none>");
}

const QString kMoveGrammar =
    QStringLiteral("#JSGF V1.0;\ngrammar t;\npublic <move> = go ( forward | backward ) "
                   "( one | two | five | ten ) [ meter | meters ];\n");

// A decoder set of its own: `decoders` loaded now, up to `maxDecoders` on demand.
std::shared_ptr<PocketsphinxDecoders> loadDecoders(int decoders, int maxDecoders)
{
    PocketsphinxConfig config;
    config.decoders = decoders;
    config.maxDecoders = maxDecoders;
    QString error;
    std::shared_ptr<PocketsphinxDecoders> set = PocketsphinxDecoders::load(config, &error);
    if (!set)
        qWarning().noquote() << "pocketsphinx:" << error;
    return set;
}

OpenAiEndpoint endpointAt(const QString &baseUrl)
{
    return OpenAiEndpoint{baseUrl, QStringLiteral("sk-local"), QStringLiteral("whisper-1"), 5000};
}

} // namespace

class TestPipelineAsr : public QObject
{
    Q_OBJECT
    std::shared_ptr<PocketsphinxDecoders> decoders_;
    QByteArray goForward_; // "go forward ten meters"
    QByteArray youngMan_;  // "he was not an ill disposed young man"

private slots:
    void initTestCase()
    {
        PocketsphinxConfig config;
        config.decoders = 2;
        QString error;
        decoders_ = PocketsphinxDecoders::load(config, &error);
        QVERIFY2(decoders_, qPrintable(error));
        QVERIFY(decoders_->knowsWord(QStringLiteral("forward")));
        QVERIFY(!decoders_->knowsWord(QStringLiteral("xqzzyv")));
        QVERIFY2(decoders_->setGrammar(kMoveGrammar, &error), qPrintable(error));
        goForward_ = loadTestSpeech(QStringLiteral("goforward.raw"));
        youngMan_ = loadTestSpeech(QStringLiteral("librivox/sense_and_sensibility_01_austen_64kb-0880.wav"));
        QVERIFY(goForward_.size() > 32000);
        QVERIFY(youngMan_.size() > 32000);
    }

    void modelLoadFailsClearly()
    {
        PocketsphinxConfig config;
        config.hmmDir = QStringLiteral("/nonexistent/model");
        QString error;
        QVERIFY(!PocketsphinxDecoders::load(config, &error));
        QVERIFY(error.contains(QLatin1String("/nonexistent/model")));
    }

    void recognizesRealSpeechWithPartials()
    {
        PocketsphinxBackend asr(decoders_, 300);
        QSignalSpy partials(&asr, &AsrBackend::partialTranscript);
        QSignalSpy finals(&asr, &AsrBackend::finalTranscript);
        QSignalSpy failures(&asr, &AsrBackend::streamFailed);
        asr.startStream(QStringLiteral("s1"));
        feedInChunks(asr, QStringLiteral("s1"), goForward_);
        asr.finish(QStringLiteral("s1"));
        QTRY_COMPARE_WITH_TIMEOUT(finals.size(), 1, kWait);
        QCOMPARE(failures.size(), 0);
        const QString text = finals.at(0).at(1).toString();
        QVERIFY2(text.contains(QLatin1String("forward")) && text.contains(QLatin1String("ten")),
                 qPrintable(text));
        QVERIFY(partials.size() >= 1);
        QCOMPARE(partials.at(0).at(0).toString(), QStringLiteral("s1"));
        // The default options skip the lattice pass: no posterior, so no confidence is claimed.
        QCOMPARE(finals.at(0).at(2).toDouble(), -1.0);
        QCOMPARE(asr.activeStreams(), 0);
    }

    void grammarModeGivesExactCommand()
    {
        PocketsphinxBackend asr(decoders_, 300, /*useGrammar=*/true);
        QSignalSpy finals(&asr, &AsrBackend::finalTranscript);
        asr.startStream(QStringLiteral("g"));
        feedInChunks(asr, QStringLiteral("g"), goForward_);
        asr.finish(QStringLiteral("g"));
        QTRY_COMPARE_WITH_TIMEOUT(finals.size(), 1, kWait);
        QCOMPARE(finals.at(0).at(1).toString(), QStringLiteral("go forward ten meters"));
    }

    // More streams than decoders and no room to load more: the third waits with its audio
    // buffered, then gets a decoder.
    void moreStreamsThanDecodersAllFinish()
    {
        std::shared_ptr<PocketsphinxDecoders> fixed = loadDecoders(2, 2);
        QVERIFY(fixed);
        PocketsphinxBackend asr(fixed, 300);
        QSignalSpy finals(&asr, &AsrBackend::finalTranscript);
        const QStringList ids{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")};
        for (const QString &id : ids)
            asr.startStream(id);
        QCOMPARE(asr.waitingStreams(), 1);
        feedInChunks(asr, QStringLiteral("a"), goForward_);
        feedInChunks(asr, QStringLiteral("b"), youngMan_);
        feedInChunks(asr, QStringLiteral("c"), goForward_);
        for (const QString &id : ids)
            asr.finish(id);
        QTRY_COMPARE_WITH_TIMEOUT(finals.size(), 3, kWait);
        QVERIFY(finalTextOf(finals, QStringLiteral("a")).contains(QLatin1String("forward")));
        QVERIFY2(finalTextOf(finals, QStringLiteral("b")).contains(QLatin1String("young man")),
                 qPrintable(finalTextOf(finals, QStringLiteral("b"))));
        QVERIFY(finalTextOf(finals, QStringLiteral("c")).contains(QLatin1String("forward")));
    }

    // Every decoder busy: more are loaded in the background, up to max_decoders, each with the
    // grammar the set already had; the waiting streams take them (or a freed one) and all finish.
    void busyDecodersGrowTheSet()
    {
        std::shared_ptr<PocketsphinxDecoders> set = loadDecoders(1, 3);
        QVERIFY(set);
        QString error;
        QVERIFY2(set->setGrammar(kMoveGrammar, &error), qPrintable(error));
        QCOMPARE(set->count(), 1);
        {
            PocketsphinxBackend asr(set, 300, /*useGrammar=*/true);
            QSignalSpy finals(&asr, &AsrBackend::finalTranscript);
            const QStringList ids{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"),
                                  QStringLiteral("d")};
            for (const QString &id : ids)
                asr.startStream(id);
            QCOMPARE(asr.waitingStreams(), 3);
            // Two more decoders are loaded while the first is busy, one at a time, and no more.
            QTRY_COMPARE_WITH_TIMEOUT(set->count(), 3, kWait);
            QTRY_COMPARE_WITH_TIMEOUT(asr.waitingStreams(), 1, kWait);
            for (const QString &id : ids) {
                feedInChunks(asr, id, goForward_);
                asr.finish(id);
            }
            QTRY_COMPARE_WITH_TIMEOUT(finals.size(), 4, kWait);
            for (const QString &id : ids) // grammar mode on the loaded decoders too: the exact command
                QCOMPARE(finalTextOf(finals, id), QStringLiteral("go forward ten meters"));
            QCOMPARE(set->count(), 3);
        }
    }

    void badDecoderOptionsAreRefused_data()
    {
        QTest::addColumn<QString>("options");
        QTest::newRow("unknown option") << QStringLiteral("-nosuchoption 1");
        QTest::newRow("value missing") << QStringLiteral("-fwdflat");
        QTest::newRow("bad value") << QStringLiteral("-maxhmmpf lots");
    }

    void badDecoderOptionsAreRefused()
    {
        QFETCH(QString, options);
        PocketsphinxConfig config;
        config.decoders = 1;
        config.options = options;
        QString error;
        QVERIFY(!PocketsphinxDecoders::load(config, &error));
        QVERIFY2(error.contains(QLatin1String("options")), qPrintable(error));
    }

    // A cancelled stream leaves its decoder clean for the next one.
    void cancelFreesDecoder()
    {
        PocketsphinxBackend asr(decoders_, 300);
        QSignalSpy finals(&asr, &AsrBackend::finalTranscript);
        QSignalSpy failures(&asr, &AsrBackend::streamFailed);
        asr.startStream(QStringLiteral("x"));
        asr.startStream(QStringLiteral("y"));
        feedInChunks(asr, QStringLiteral("x"), youngMan_.left(youngMan_.size() / 2 & ~1));
        feedInChunks(asr, QStringLiteral("y"), youngMan_.left(youngMan_.size() / 3 & ~1));
        asr.cancel(QStringLiteral("x"));
        asr.cancel(QStringLiteral("y"));
        asr.startStream(QStringLiteral("x")); // the session id is free again
        feedInChunks(asr, QStringLiteral("x"), goForward_);
        asr.finish(QStringLiteral("x"));
        QTRY_COMPARE_WITH_TIMEOUT(finals.size(), 1, kWait);
        QVERIFY(finals.at(0).at(1).toString().contains(QLatin1String("forward")));
        QCOMPARE(failures.size(), 0);
    }

    void decodersServeOneBackendAtATime()
    {
        PocketsphinxBackend first(decoders_, 300);
        PocketsphinxBackend second(decoders_, 300);
        QVERIFY(first.healthy());
        QVERIFY(!second.healthy());
        QSignalSpy failures(&second, &AsrBackend::streamFailed);
        second.startStream(QStringLiteral("x"));
        QTRY_COMPARE(failures.size(), 1);
    }

    void badInputFailsTheStreamOnly()
    {
        PocketsphinxBackend asr(decoders_, 300);
        QSignalSpy failures(&asr, &AsrBackend::streamFailed);
        QSignalSpy finals(&asr, &AsrBackend::finalTranscript);
        asr.feed(QStringLiteral("unknown"), QByteArray(640, 0));
        asr.startStream(QString());
        asr.startStream(QStringLiteral("odd"));
        asr.startStream(QStringLiteral("odd"));
        asr.feed(QStringLiteral("odd"), QByteArray(641, 0));
        asr.startStream(QStringLiteral("good"));
        feedInChunks(asr, QStringLiteral("good"), goForward_);
        asr.finish(QStringLiteral("good"));
        QTRY_COMPARE_WITH_TIMEOUT(finals.size(), 1, kWait);
        QCOMPARE(failures.size(), 4);
        QStringList messages;
        for (const auto &f : failures)
            messages << f.at(1).toString();
        QVERIFY(messages.contains(QStringLiteral("no active stream")));
        QVERIFY(messages.contains(QStringLiteral("stream already active")));
        QVERIFY(messages.contains(QStringLiteral("PCM chunk is not whole 16-bit samples")));
        QCOMPARE(asr.activeStreams(), 0);
    }

    void openAiTranscriptionUploadsTheUtterance()
    {
        spk::testsupport::OpenAiFakeServer server;
        QVERIFY(server.listen());
        server.setTranscriptionText(QStringLiteral(" Go forward ten meters. "));
        OpenAiTranscriptionBackend asr(endpointAt(server.baseUrl()), 30000);
        QSignalSpy finals(&asr, &AsrBackend::finalTranscript);
        AsrStreamOptions options;
        options.language = QStringLiteral("en-US");
        asr.startStream(QStringLiteral("o1"), options);
        feedInChunks(asr, QStringLiteral("o1"), goForward_);
        asr.finish(QStringLiteral("o1"));
        QTRY_COMPARE_WITH_TIMEOUT(finals.size(), 1, kWait);
        QCOMPARE(finals.at(0).at(1).toString(), QStringLiteral("Go forward ten meters."));
        const auto upload = server.lastUpload();
        QCOMPARE(upload.value("model").body, QByteArray("whisper-1"));
        QCOMPARE(upload.value("language").body, QByteArray("en"));
        QCOMPARE(upload.value("file").filename, QByteArray("speech.wav"));
        WavFormat format;
        QString error;
        const QByteArray wav = upload.value("file").body;
        QVERIFY2(parseWavHeader(wav, &format, &error), qPrintable(error));
        QCOMPARE(format.sampleRate, 16000);
        QCOMPARE(wav.mid(format.dataOffset, format.dataSize), goForward_);
        QCOMPARE(server.lastAuthorization(), QByteArray("Bearer sk-local"));
        QVERIFY(asr.healthy());
    }

    void openAiServerErrorIsReportedAndMarksUnhealthy()
    {
        spk::testsupport::OpenAiFakeServer server;
        QVERIFY(server.listen());
        server.setErrorStatus(500);
        OpenAiTranscriptionBackend asr(endpointAt(server.baseUrl()), 30000);
        QSignalSpy failures(&asr, &AsrBackend::streamFailed);
        asr.startStream(QStringLiteral("e"));
        asr.feed(QStringLiteral("e"), goForward_.left(3200));
        asr.finish(QStringLiteral("e"));
        QTRY_COMPARE_WITH_TIMEOUT(failures.size(), 1, kWait);
        QCOMPARE(failures.at(0).at(1).toString(), QStringLiteral("HTTP 500: scripted failure"));
        QVERIFY(!asr.healthy());
    }

    // Primary pointed at a closed port: the fallback gets the whole utterance replayed.
    void managerFallsBackWhenPrimaryIsDown()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 closedPort = probe.serverPort();
        probe.close();
        OpenAiTranscriptionBackend primary(
            endpointAt(QStringLiteral("http://127.0.0.1:%1/v1").arg(closedPort)), 30000);
        PocketsphinxBackend fallback(decoders_, 300);
        AsrManager manager(&primary, &fallback, 20000, 30000);
        QSignalSpy finals(&manager, &AsrBackend::finalTranscript);
        QSignalSpy switched(&manager, &AsrManager::backendSwitched);
        QSignalSpy failures(&manager, &AsrBackend::streamFailed);
        manager.startStream(QStringLiteral("m1"));
        QCOMPARE(manager.activeBackend(QStringLiteral("m1")), QStringLiteral("openai"));
        feedInChunks(manager, QStringLiteral("m1"), goForward_);
        manager.finish(QStringLiteral("m1"));
        QTRY_COMPARE_WITH_TIMEOUT(finals.size(), 1, kWait);
        QCOMPARE(failures.size(), 0);
        QCOMPARE(switched.size(), 1);
        QCOMPARE(switched.at(0).at(2).toString(), QStringLiteral("pocketsphinx"));
        QVERIFY(finals.at(0).at(1).toString().contains(QLatin1String("forward")));

        // The primary is now known to be down: the next stream starts on the fallback directly.
        QVERIFY(!primary.healthy());
        manager.startStream(QStringLiteral("m2"));
        QCOMPARE(manager.activeBackend(QStringLiteral("m2")), QStringLiteral("pocketsphinx"));
        manager.cancel(QStringLiteral("m2"));
    }

    // Primary accepts the upload and never answers: the final time-out hands over to the fallback.
    void managerFallsBackWhenPrimaryStalls()
    {
        spk::testsupport::LocalHttpServer stalled;
        stalled.setHandler([](const spk::testsupport::HttpRequest &, spk::testsupport::HttpExchange *) {});
        QVERIFY(stalled.listen());
        OpenAiTranscriptionBackend primary(endpointAt(stalled.baseUrl()), 30000);
        PocketsphinxBackend fallback(decoders_, 300);
        AsrManager manager(&primary, &fallback, 2000, 30000); // the fallback gets 6 s
        QSignalSpy finals(&manager, &AsrBackend::finalTranscript);
        QSignalSpy switched(&manager, &AsrManager::backendSwitched);
        manager.startStream(QStringLiteral("t"));
        feedInChunks(manager, QStringLiteral("t"), goForward_);
        manager.finish(QStringLiteral("t"));
        QTRY_COMPARE_WITH_TIMEOUT(finals.size(), 1, kWait);
        QCOMPARE(switched.size(), 1);
        QVERIFY(switched.at(0).at(3).toString().contains(QLatin1String("no transcript within")));
        QVERIFY(finals.at(0).at(1).toString().contains(QLatin1String("forward")));
    }

    void managerRejectsOverlongUtterance()
    {
        PocketsphinxBackend primary(decoders_, 300);
        AsrManager manager(&primary, nullptr, 5000, 1000);
        QSignalSpy failures(&manager, &AsrBackend::streamFailed);
        manager.startStream(QStringLiteral("long"));
        feedInChunks(manager, QStringLiteral("long"), goForward_); // 2.8 s > 1 s
        manager.finish(QStringLiteral("long"));                    // the caller had not seen the failure yet
        QTRY_COMPARE_WITH_TIMEOUT(failures.size(), 1, kWait);
        QTest::qWait(50);
        QCOMPARE(failures.size(), 1); // the audio still in flight is dropped quietly
        QVERIFY(failures.at(0).at(1).toString().startsWith(QLatin1String("utterance longer than")));
        QCOMPARE(manager.activeBackend(QStringLiteral("long")), QString());
    }
};

QTEST_GUILESS_MAIN(TestPipelineAsr)
#include "tst_pipeline_asr.moc"
