// The bridge under faults (issue 3): the ASR primary is down and the fallback answers; the device's
// WebSocket drops mid-reply and the reply reaches it through the one-time fallback URL and `play`;
// sustained packet loss fails the session instead of hanging it; a missing session_end still closes it.
#include "bridge_stack.h"
#include "bridge_test_audio.h"
#include "shared/media/ogg_opus_reader.h"
#include "tests/support/local_ai_servers/openai_fake_server.h"
#include "tests/support/require_service.h"
#include "tests/support/spkd_process.h"
#include "voice_device.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace spk::test;
using namespace spk::server;

namespace {
const QStringList kExpectedWords{"go", "forward", "ten", "meters"};

QJsonObject sessionOf(BridgeStack &stack, const QString &deviceId, const QString &deviceSessionId)
{
    const QList<QPair<QByteArray, QByteArray>> auth{
        {"Authorization", "Bearer " + stack.adminToken().toUtf8()}};
    const auto list = httpRequest("GET", stack.baseUrl() + "/api/sessions?device_id=" + deviceId, {}, auth)
                          .json.value("sessions")
                          .toArray();
    for (const auto &s : list)
        if (s.toObject().value("device_session_id").toString() == deviceSessionId)
            return httpRequest(
                       "GET",
                       stack.baseUrl() +
                           QStringLiteral("/api/sessions/%1").arg(s.toObject().value("id").toInteger()),
                       {}, auth)
                .json;
    return {};
}

bool hasFinalTranscript(const VoiceDevice &device, QString *text)
{
    for (const auto &t : device.received("transcript"))
        if (t.message.value("is_final").toBool()) {
            *text = t.message.value("text").toString();
            return true;
        }
    return false;
}
} // namespace

class TestBridgeFaults : public QObject
{
    Q_OBJECT

    QByteArray speech_;

private slots:
    void initTestCase()
    {
        speech_ = goForwardSpeech();
        SPK_REQUIRE_AVAILABLE("pocketsphinx-testdata", !speech_.isEmpty(),
                              "apt-get install pocketsphinx-testdata");
    }

    void asrPrimaryDownFallbackAnswers()
    {
        pipeline::PipelineConfig pc;
        pc.asr.primary = "openai"; // nothing listens there
        pc.asr.openai.baseUrl = QStringLiteral("http://127.0.0.1:%1/v1").arg(freePort());
        pc.asr.openai.timeoutMs = 3000;
        pc.asr.fallback = "pocketsphinx";
        BridgeStack stack;
        QString error;
        QVERIFY2(stack.start({}, pc, &error), qPrintable(error));
        VoiceDevice device("dev3", stack.addDevice("dev3"));
        QVERIFY(device.connectMqtt(stack.mqttUrl()));
        const QJsonObject ack = device.wake("a1");
        QVERIFY(!ack.isEmpty());
        QVERIFY(device.openAudio(ack.value("ws_url").toString()));
        device.speak(ack, speech_);
        QString text;
        QVERIFY2(device.waitFor([&] { return hasFinalTranscript(device, &text); }, 20000),
                 "no final transcript");
        QVERIFY2(matchingWords(text, kExpectedWords) >= 3, qPrintable(text));
        QVERIFY(device.waitFor([&] { return !device.received("play_end").isEmpty(); }, 20000));
        device.endSession("a1");
        QVERIFY(device.waitFor([&] { return sessionOf(stack, "dev3", "a1").value("status") == "completed"; },
                               5000));
    }

    void webSocketClosedMidReplyUsesTheFallbackUrl()
    {
        // An LLM that streams its answer slowly, so the device is still being served when it drops.
        spk::testsupport::OpenAiFakeServer llm;
        QVERIFY(llm.listen());
        llm.setChatTokens({"Ten meters forward is a nice walk. ", "I would take the stairs. ",
                           "Enjoy the fresh air out there."},
                          400);
        pipeline::PipelineConfig pc;
        pc.llm.enabled = true;
        pc.llm.endpoint = {llm.baseUrl(), {}, "test-model", 20000};
        BridgeStack stack;
        QString error;
        QVERIFY2(stack.start({}, pc, &error), qPrintable(error));
        VoiceDevice device("dev4", stack.addDevice("dev4"));
        QVERIFY(device.connectMqtt(stack.mqttUrl()));
        const QJsonObject ack = device.wake("f1");
        QVERIFY(device.openAudio(ack.value("ws_url").toString()));
        device.closeAudioOnFirstFrame(true);
        device.speak(ack, speech_);

        QVERIFY2(device.waitFor([&] { return !device.received("play").isEmpty(); }, 30000),
                 "no play message");
        QVERIFY(!device.audioOpen());
        QVERIFY(!device.received("audio_frame").isEmpty()); // it was mid-reply
        QVERIFY(device.received("play_end").isEmpty());
        const QJsonObject play = device.received("play").first().message;
        QCOMPARE(play.value("session_id").toString(), QString("f1"));
        QCOMPARE(play.value("mode").toString(), QString("fallback"));
        const QString url = play.value("audio_url").toString();
        QVERIFY2(url.startsWith(stack.baseUrl() + "/"), qPrintable(url));

        // The one-time URL serves the whole reply as Ogg Opus, once, without other credentials.
        const auto audio = httpRequest("GET", url);
        QCOMPARE(audio.status, 200);
        QCOMPARE(audio.header("Content-Type"), QByteArray("audio/ogg"));
        const auto decoded = spk::media::OggOpusReader::readMemory(audio.body);
        QVERIFY(decoded);
        QVERIFY2(decoded->durationMs > 3000,
                 qPrintable(QString::number(decoded->durationMs))); // three sentences
        QCOMPARE(httpRequest("GET", url).status, 404);
        QCOMPARE(httpRequest("GET", stack.baseUrl() + "/audio/fallback/not-a-token").status, 404);

        device.endSession("f1");
        QJsonObject session;
        QVERIFY(device.waitFor(
            [&] {
                session = sessionOf(stack, "dev4", "f1");
                return session.value("status") == "completed";
            },
            5000));
        QCOMPARE(session.value("ai_response").toString(),
                 QString("Ten meters forward is a nice walk. I would take the stairs. Enjoy the fresh air "
                         "out there."));
        // Streaming: the first reply audio left long before the LLM had finished (3 sentences, 400 ms apart).
        const QJsonObject t = session.value("timings").toObject();
        QVERIFY2(t.value("first_frame_pushed").toInteger() - t.value("final_transcript").toInteger() <
                     t.value("play_end").toInteger() - t.value("final_transcript").toInteger() - 500,
                 qPrintable(QJsonDocument(t).toJson(QJsonDocument::Compact)));
    }

    void heavyLossFailsTheSession()
    {
        BridgeStack stack;
        QString error;
        QVERIFY2(stack.start({}, {}, &error), qPrintable(error));
        VoiceDevice device("dev5", stack.addDevice("dev5"));
        QVERIFY(device.connectMqtt(stack.mqttUrl()));
        const QJsonObject ack = device.wake("l1");
        device.setLossEvery(2); // every second frame lost: 50 %, sustained
        device.speak(ack, speech_);
        QJsonObject session;
        QVERIFY(device.waitFor(
            [&] {
                session = sessionOf(stack, "dev5", "l1");
                return session.value("status") == "failed";
            },
            10000));
        QCOMPARE(session.value("failure_reason").toString(), QString("heavy_packet_loss"));
    }

    void missingSessionEndStillCloses()
    {
        BridgeConfig bc;
        bc.sessionEndTimeoutMs = 500;
        BridgeStack stack;
        QString error;
        QVERIFY2(stack.start(bc, {}, &error), qPrintable(error));
        VoiceDevice device("dev6", stack.addDevice("dev6"));
        QVERIFY(device.connectMqtt(stack.mqttUrl()));
        const QJsonObject ack = device.wake("m1");
        QVERIFY(device.openAudio(ack.value("ws_url").toString()));
        device.speak(ack, speech_);
        QVERIFY(device.waitFor([&] { return !device.received("play_end").isEmpty(); }, 20000));
        QJsonObject session;
        QVERIFY(device.waitFor(
            [&] {
                session = sessionOf(stack, "dev6", "m1");
                return session.value("status") == "completed";
            },
            5000));
        QVERIFY(session.value("timings").toObject().value("session_end").toInteger() -
                    session.value("timings").toObject().value("play_end").toInteger() >=
                500);
    }
};

QTEST_MAIN(TestBridgeFaults)
#include "tst_bridge_faults.moc"
