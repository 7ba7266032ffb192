// spk-asrd's service and the gRPC ASR backend, over a real gRPC server on 127.0.0.1 with real speech.
#include "server/asrd/asr_service.h"
#include "server/pipeline/asr/grpc_asr_backend.h"
#include "tests/unit/pipeline/pipeline_test_audio.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QtTest>

using namespace spk::server::pipeline;

class TestPipelineGrpc : public QObject
{
    Q_OBJECT
    std::shared_ptr<PocketsphinxDecoders> decoders_;
    std::unique_ptr<AsrServer> server_;
    QByteArray goForward_;

    GrpcAsrConfig config() const
    {
        GrpcAsrConfig c;
        c.target = QStringLiteral("127.0.0.1:%1").arg(server_->port());
        return c;
    }

private slots:
    void initTestCase()
    {
        PocketsphinxConfig pc;
        pc.decoders = 2;
        QString error;
        decoders_ = PocketsphinxDecoders::load(pc, &error);
        QVERIFY2(decoders_, qPrintable(error));
        server_ = std::make_unique<AsrServer>(decoders_);
        QVERIFY2(server_->start(QStringLiteral("127.0.0.1:0"), &error), qPrintable(error));
        goForward_ = spk::testsupport::loadTestSpeech(QStringLiteral("goforward.raw"));
        QVERIFY(!goForward_.isEmpty());
    }

    void recognizesOverGrpc()
    {
        GrpcAsrBackend asr(config(), 30000);
        QSignalSpy partials(&asr, &AsrBackend::partialTranscript);
        QSignalSpy finals(&asr, &AsrBackend::finalTranscript);
        QSignalSpy failures(&asr, &AsrBackend::streamFailed);
        asr.startStream(QStringLiteral("g1"));
        asr.startStream(QStringLiteral("g2"));
        for (qsizetype at = 0; at < goForward_.size(); at += 640) {
            asr.feed(QStringLiteral("g1"), goForward_.mid(at, 640));
            asr.feed(QStringLiteral("g2"), goForward_.mid(at, 640));
        }
        asr.finish(QStringLiteral("g1"));
        asr.finish(QStringLiteral("g2"));
        QTRY_COMPARE_WITH_TIMEOUT(finals.size(), 2, 60000);
        QCOMPARE(failures.size(), 0);
        for (const auto &f : finals)
            QVERIFY2(f.at(1).toString().contains(QLatin1String("forward")), qPrintable(f.at(1).toString()));
        QVERIFY(partials.size() >= 1);
        QVERIFY(asr.healthy());
    }

    void cancelledStreamsAreQuiet()
    {
        GrpcAsrBackend asr(config(), 30000);
        QSignalSpy finals(&asr, &AsrBackend::finalTranscript);
        QSignalSpy failures(&asr, &AsrBackend::streamFailed);
        asr.startStream(QStringLiteral("c"));
        asr.feed(QStringLiteral("c"), goForward_.left(32000));
        asr.cancel(QStringLiteral("c"));
        QTest::qWait(500);
        QCOMPARE(finals.size() + failures.size(), 0);
    } // the destructor waits for gRPC to release the cancelled call

    void serverRejectsBadStreams()
    {
        auto channel = grpc::CreateChannel(config().target.toStdString(), grpc::InsecureChannelCredentials());
        auto stub = spk::asr::v1::SpeechRecognizer::NewStub(channel);
        auto run = [&](const std::vector<spk::asr::v1::AudioChunk> &chunks) {
            grpc::ClientContext context;
            auto stream = stub->Recognize(&context);
            for (const auto &c : chunks)
                stream->Write(c);
            stream->WritesDone();
            spk::asr::v1::Transcript t;
            while (stream->Read(&t)) {
            }
            return stream->Finish();
        };
        spk::asr::v1::AudioChunk noSession;
        noSession.set_pcm(std::string(640, '\0'));
        QCOMPARE(run({noSession}).error_code(), grpc::INVALID_ARGUMENT);
        spk::asr::v1::AudioChunk odd;
        odd.set_session_id("s");
        odd.set_pcm(std::string(641, '\0'));
        QCOMPARE(run({odd}).error_code(), grpc::INVALID_ARGUMENT);
        spk::asr::v1::AudioChunk chinese;
        chinese.set_session_id("s");
        chinese.set_language("zh");
        QCOMPARE(run({chinese}).error_code(), grpc::INVALID_ARGUMENT);
        QCOMPARE(run({}).error_code(), grpc::INVALID_ARGUMENT); // no audio at all
        spk::asr::v1::AudioChunk fine;
        fine.set_session_id("s");
        fine.set_pcm(goForward_.toStdString());
        fine.set_end(true);
        QVERIFY(run({fine}).ok()); // the service is still fine
    }

    void unreachableServerFailsAndTurnsUnhealthy()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        GrpcAsrConfig c;
        c.target = QStringLiteral("127.0.0.1:%1").arg(probe.serverPort());
        probe.close();
        GrpcAsrBackend asr(c, 30000);
        QSignalSpy failures(&asr, &AsrBackend::streamFailed);
        asr.startStream(QStringLiteral("u"));
        asr.feed(QStringLiteral("u"), goForward_.left(6400));
        asr.finish(QStringLiteral("u"));
        QTRY_COMPARE_WITH_TIMEOUT(failures.size(), 1, 60000);
        QVERIFY2(failures.at(0).at(1).toString().contains(QLatin1String("gRPC status 14")),
                 qPrintable(failures.at(0).at(1).toString()));
        QVERIFY(!asr.healthy());
    }

    void cleanupTestCase() { server_.reset(); }
};

QTEST_GUILESS_MAIN(TestPipelineGrpc)
#include "tst_pipeline_grpc.moc"
