// EchoKit whole-turn backend: the MessagePack decoder on well-formed and malformed events, and full
// turns (PCM up, ASR + reply audio down) against a local server speaking EchoKit's device protocol.
#include "server/bridge/echokit_reply_engine.h"
#include "server/pipeline/echokit/echokit_backend.h"
#include "server/pipeline/echokit/echokit_event.h"
#include "tests/unit/echokit/fake_echokit_server.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace spk::server;
using namespace spk::server::pipeline;
using namespace echokit_test;

namespace {

// The bridge's other reply engine (dialogue + TTS), reduced to recording which turns it was given.
class RecordingReplyEngine : public ReplyEngine
{
public:
    void start(const ReplyRequest &request) override { started.append(request.turnId); }
    void cancel(const QString &turnId) override { cancelled.append(turnId); }
    QStringList started, cancelled;
};

QByteArray pcmRamp(int samples, int seed)
{
    QByteArray pcm(samples * 2, '\0');
    for (int i = 0; i < samples; ++i) {
        const qint16 v = qint16((i * 37 + seed) % 20000 - 10000);
        pcm[2 * i] = char(v & 0xff);
        pcm[2 * i + 1] = char((v >> 8) & 0xff);
    }
    return pcm;
}

EchoKitConfig configFor(const QString &url)
{
    EchoKitConfig c;
    c.url = url;
    c.connectTimeoutMs = 3000;
    c.responseTimeoutMs = 3000;
    return c;
}

QByteArray packed(const std::function<void(msgpack::packer<msgpack::sbuffer> &)> &write)
{
    msgpack::sbuffer buf;
    msgpack::packer<msgpack::sbuffer> pk(buf);
    write(pk);
    return QByteArray(buf.data(), qsizetype(buf.size()));
}

} // namespace

class TstEchoKit : public QObject
{
    Q_OBJECT
private slots:
    void decodesRmpSerdeEvents();
    void decodesNamedAndBinForms();
    void rejectsMalformedEvents_data();
    void rejectsMalformedEvents();
    void fullTurn();
    void malformedEventFailsTheReply();
    void malformedEventBeforeTranscriptFailsTheStream();
    void emptyTranscriptFailsTheStream();
    void otherTurnsGoToTheFallbackEngine();
    void unreachableServerFailsAndMarksUnhealthy();
};

void TstEchoKit::decodesRmpSerdeEvents()
{
    QString error;
    auto asr = decodeEchoKitEvent(textEvent("ASR", QStringLiteral("what time is it")), &error);
    QVERIFY2(asr, qPrintable(error));
    QCOMPARE(asr->type, EchoKitEvent::Type::Asr);
    QCOMPARE(asr->text, QStringLiteral("what time is it"));

    const QByteArray pcm = pcmRamp(100, 3);
    auto chunk = decodeEchoKitEvent(bytesEvent("AudioChunk", pcm), &error);
    QVERIFY2(chunk, qPrintable(error));
    QCOMPARE(chunk->type, EchoKitEvent::Type::AudioChunk);
    QCOMPARE(chunk->data, pcm);

    auto end = decodeEchoKitEvent(unitEvent("EndResponse"), &error);
    QVERIFY2(end, qPrintable(error));
    QCOMPARE(end->type, EchoKitEvent::Type::EndResponse);

    auto future = decodeEchoKitEvent(unitEvent("DisplayEmoji"), &error);
    QVERIFY2(future, qPrintable(error));
    QCOMPARE(future->type, EchoKitEvent::Type::Unknown);
    QCOMPARE(future->name, QStringLiteral("DisplayEmoji"));
}

void TstEchoKit::decodesNamedAndBinForms()
{
    QString error;
    // rmp_serde::to_vec_named: {"StartAudio": {"text": "..."}}
    auto start = decodeEchoKitEvent(packed([](auto &pk) {
                                        pk.pack_map(1);
                                        pk.pack(std::string("StartAudio"));
                                        pk.pack_map(1);
                                        pk.pack(std::string("text"));
                                        pk.pack(std::string("It is noon."));
                                    }),
                                    &error);
    QVERIFY2(start, qPrintable(error));
    QCOMPARE(start->type, EchoKitEvent::Type::StartAudio);
    QCOMPARE(start->text, QStringLiteral("It is noon."));

    // serde_bytes: data as msgpack bin
    auto chunk = decodeEchoKitEvent(packed([](auto &pk) {
                                        pk.pack_map(1);
                                        pk.pack(std::string("AudioChunk"));
                                        pk.pack_array(1);
                                        pk.pack_bin(4);
                                        pk.pack_bin_body("\x01\x02\x03\x04", 4);
                                    }),
                                    &error);
    QVERIFY2(chunk, qPrintable(error));
    QCOMPARE(chunk->data, QByteArray("\x01\x02\x03\x04", 4));

    // a unit variant as {name: nil}
    auto endAudio = decodeEchoKitEvent(packed([](auto &pk) {
                                           pk.pack_map(1);
                                           pk.pack(std::string("EndAudio"));
                                           pk.pack_nil();
                                       }),
                                       &error);
    QVERIFY2(endAudio, qPrintable(error));
    QCOMPARE(endAudio->type, EchoKitEvent::Type::EndAudio);
}

void TstEchoKit::rejectsMalformedEvents_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("garbage") << QByteArray("\xc1\xc1\xc1", 3); // 0xc1 is never used in MessagePack
    QByteArray truncated = textEvent("ASR", QStringLiteral("hello there"));
    truncated.chop(3);
    QTest::newRow("truncated") << truncated;
    QTest::newRow("trailing bytes") << unitEvent("EndAudio") + QByteArray("\x01", 1);
    QTest::newRow("integer root") << packed([](auto &pk) { pk.pack(42); });
    QTest::newRow("two-entry map") << packed([](auto &pk) {
        pk.pack_map(2);
        pk.pack(std::string("ASR"));
        pk.pack_nil();
        pk.pack(std::string("EndAudio"));
        pk.pack_nil();
    });
    QTest::newRow("text not a string") << packed([](auto &pk) {
        pk.pack_map(1);
        pk.pack(std::string("ASR"));
        pk.pack_array(1);
        pk.pack(12);
    });
    QTest::newRow("missing field") << unitEvent("ASR");
    QTest::newRow("wrong field name") << packed([](auto &pk) {
        pk.pack_map(1);
        pk.pack(std::string("ASR"));
        pk.pack_map(1);
        pk.pack(std::string("txt"));
        pk.pack(std::string("hi"));
    });
    QTest::newRow("byte out of range") << packed([](auto &pk) {
        pk.pack_map(1);
        pk.pack(std::string("AudioChunk"));
        pk.pack_array(1);
        pk.pack_array(2);
        pk.pack(1);
        pk.pack(300);
    });
    QTest::newRow("unit with fields") << packed([](auto &pk) {
        pk.pack_map(1);
        pk.pack(std::string("EndResponse"));
        pk.pack_array(1);
        pk.pack(1);
    });
    // An array header claiming 2^32-1 elements in a 5-byte frame must not allocate or crash.
    QTest::newRow("huge declared array") << QByteArray("\xdd\xff\xff\xff\xff", 5);
}

void TstEchoKit::rejectsMalformedEvents()
{
    QFETCH(QByteArray, frame);
    QString error;
    QVERIFY(!decodeEchoKitEvent(frame, &error));
    QVERIFY(!error.isEmpty());
}

void TstEchoKit::fullTurn()
{
    FakeEchoKitServer server;
    const QByteArray reply1 = pcmRamp(8000, 1), reply2 = pcmRamp(3001, 2);
    server.onConnect = [](QWebSocket *ws) {
        // Servers with a greeting send it on connect; spkd must ignore it.
        ws->sendBinaryMessage(unitEvent("HelloStart"));
        ws->sendBinaryMessage(bytesEvent("HelloChunk", pcmRamp(10, 9)));
        ws->sendBinaryMessage(unitEvent("HelloEnd"));
    };
    server.onSubmit = [&](QWebSocket *ws) {
        ws->sendBinaryMessage(textEvent("ASR", QStringLiteral("what time is it")));
        ws->sendBinaryMessage(textEvent("StartAudio", QStringLiteral("It is noon.")));
        ws->sendBinaryMessage(bytesEvent("AudioChunk", reply1));
        ws->sendBinaryMessage(unitEvent("EndAudio"));
        ws->sendBinaryMessage(textEvent("StartAudio", QStringLiteral("Anything else?")));
        ws->sendBinaryMessage(bytesEvent("AudioChunk", reply2));
        ws->sendBinaryMessage(unitEvent("EndAudio"));
        ws->sendBinaryMessage(unitEvent("EndResponse"));
    };

    EchoKitBackend backend(configFor(server.url()), 30000);
    RecordingReplyEngine pipelineEngine;
    EchoKitReplyEngine engine(backend, pipelineEngine);
    QSignalSpy finals(&backend, &AsrBackend::finalTranscript);
    QSignalSpy firstToken(&engine, &ReplyEngine::firstToken);
    QSignalSpy sentences(&engine, &ReplyEngine::sentence);
    QSignalSpy audio(&engine, &ReplyEngine::audio);
    QSignalSpy finished(&engine, &ReplyEngine::finished);
    QSignalSpy failed(&engine, &ReplyEngine::failed);

    const QString id = QStringLiteral("42");
    backend.startStream(id);
    const QByteArray up1 = pcmRamp(320, 5), up2 = pcmRamp(320, 6);
    backend.feed(id, up1); // before the socket is open: queued
    backend.feed(id, up2);
    backend.finish(id);

    QVERIFY(finals.wait(5000));
    QCOMPARE(finals.at(0).at(0).toString(), id);
    QCOMPARE(finals.at(0).at(1).toString(), QStringLiteral("what time is it"));
    QCOMPARE(server.paths, QStringList{QStringLiteral("/ws/42")});
    QCOMPARE(server.audio, up1 + up2);
    QCOMPARE(server.texts, QStringList{QStringLiteral("End:Normal")});
    QVERIFY(backend.hasReply(id));

    ReplyRequest request;
    request.turnId = id;
    request.transcript = QStringLiteral("what time is it");
    engine.start(request);
    QCOMPARE(sentences.count(), 0); // never from inside start()
    QVERIFY(finished.wait(5000));
    QCOMPARE(failed.count(), 0);
    QCOMPARE(firstToken.count(), 1);
    QCOMPARE(sentences.count(), 2);
    QCOMPARE(sentences.at(0).at(1).toString(), QStringLiteral("It is noon."));
    QCOMPARE(sentences.at(1).at(1).toString(), QStringLiteral("Anything else?"));
    QByteArray heard;
    for (const auto &args : std::as_const(audio))
        heard += args.at(1).toByteArray();
    QCOMPARE(heard, reply1 + reply2);
    QCOMPARE(finished.at(0).at(1).toString(), QStringLiteral("It is noon. Anything else?"));
    QVERIFY(pipelineEngine.started.isEmpty());
    QVERIFY(!backend.hasReply(id));
    QVERIFY(backend.healthy());
}

void TstEchoKit::malformedEventFailsTheReply()
{
    FakeEchoKitServer server;
    server.onSubmit = [](QWebSocket *ws) {
        ws->sendBinaryMessage(textEvent("ASR", QStringLiteral("tell me a joke")));
        ws->sendBinaryMessage(textEvent("StartAudio", QStringLiteral("Why did the")));
        ws->sendBinaryMessage(QByteArray("\x81\xa3", 2)); // a map cut off inside its key
        ws->sendBinaryMessage(unitEvent("EndResponse"));  // never seen: the turn already failed
    };
    EchoKitBackend backend(configFor(server.url()), 30000);
    RecordingReplyEngine pipelineEngine;
    EchoKitReplyEngine engine(backend, pipelineEngine);
    QSignalSpy finals(&backend, &AsrBackend::finalTranscript);
    QSignalSpy sentences(&engine, &ReplyEngine::sentence);
    QSignalSpy finished(&engine, &ReplyEngine::finished);
    QSignalSpy failed(&engine, &ReplyEngine::failed);

    const QString id = QStringLiteral("7");
    backend.startStream(id);
    backend.feed(id, pcmRamp(160, 1));
    backend.finish(id);
    QVERIFY(finals.wait(5000));
    ReplyRequest request;
    request.turnId = id;
    engine.start(request);
    QVERIFY(failed.wait(5000));
    QVERIFY2(failed.at(0).at(1).toString().contains(QLatin1String("malformed")),
             qPrintable(failed.at(0).at(1).toString()));
    QCOMPARE(sentences.count(), 1); // what came before the bad frame was delivered, in order
    QTest::qWait(100);
    QCOMPARE(finished.count(), 0);
    QCOMPARE(failed.count(), 1);
}

void TstEchoKit::malformedEventBeforeTranscriptFailsTheStream()
{
    FakeEchoKitServer server;
    server.onSubmit = [](QWebSocket *ws) { ws->sendBinaryMessage(QByteArray("not msgpack \xc1", 13)); };
    EchoKitBackend backend(configFor(server.url()), 30000);
    QSignalSpy finals(&backend, &AsrBackend::finalTranscript);
    QSignalSpy streamFailed(&backend, &AsrBackend::streamFailed);
    backend.startStream(QStringLiteral("s1"));
    backend.feed(QStringLiteral("s1"), pcmRamp(160, 1));
    backend.finish(QStringLiteral("s1"));
    QVERIFY(streamFailed.wait(5000));
    QCOMPARE(streamFailed.at(0).at(0).toString(), QStringLiteral("s1"));
    QCOMPARE(finals.count(), 0);
    QVERIFY(!backend.hasReply(QStringLiteral("s1")));
}

void TstEchoKit::emptyTranscriptFailsTheStream()
{
    FakeEchoKitServer server;
    server.onSubmit = [](QWebSocket *ws) {
        ws->sendBinaryMessage(textEvent("ASR", QString())); // EchoKit's "nothing understood"
        ws->sendBinaryMessage(unitEvent("EndResponse"));
    };
    EchoKitBackend backend(configFor(server.url()), 30000);
    QSignalSpy streamFailed(&backend, &AsrBackend::streamFailed);
    backend.startStream(QStringLiteral("s2"));
    backend.feed(QStringLiteral("s2"), pcmRamp(160, 1));
    backend.finish(QStringLiteral("s2"));
    QVERIFY(streamFailed.wait(5000));
    QVERIFY(streamFailed.at(0).at(1).toString().contains(QLatin1String("empty transcript")));
}

void TstEchoKit::otherTurnsGoToTheFallbackEngine()
{
    EchoKitBackend backend(configFor(QStringLiteral("ws://127.0.0.1:9/ws/")), 30000);
    RecordingReplyEngine pipelineEngine;
    EchoKitReplyEngine engine(backend, pipelineEngine);
    ReplyRequest request;
    request.turnId = QStringLiteral("from-pocketsphinx");
    engine.start(request);
    QCOMPARE(pipelineEngine.started, QStringList{request.turnId});
    engine.cancel(request.turnId);
    QCOMPARE(pipelineEngine.cancelled, QStringList{request.turnId});
}

void TstEchoKit::unreachableServerFailsAndMarksUnhealthy()
{
    // A port that was free a moment ago: connection refused.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    EchoKitBackend backend(configFor(QStringLiteral("ws://127.0.0.1:%1/ws/").arg(port)), 30000);
    QSignalSpy streamFailed(&backend, &AsrBackend::streamFailed);
    backend.startStream(QStringLiteral("s3"));
    backend.feed(QStringLiteral("s3"), pcmRamp(160, 1));
    backend.finish(QStringLiteral("s3"));
    QVERIFY(streamFailed.wait(5000));
    QVERIFY(!backend.healthy());
    // Bad input after the failure changes nothing and does not crash.
    backend.feed(QStringLiteral("s3"), QByteArray("\x01", 1));
    backend.cancel(QStringLiteral("s3"));
}

QTEST_GUILESS_MAIN(TstEchoKit)
#include "tst_echokit.moc"
