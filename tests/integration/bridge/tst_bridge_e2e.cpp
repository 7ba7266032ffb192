// Seed scene 3 end to end (protocol.md §3–§6) on embedded defaults: a device wakes, streams real recorded
// speech over UDP while garbage floods the same port, gets partial and final transcripts on MQTT and a
// decodable spoken reply on /ws/audio, ends the session; the session is stored with texts, timings and
// both audio tracks, downloadable through the REST API. Also: wake idempotency, bad input, time-outs.
#include "bridge_stack.h"
#include "bridge_test_audio.h"
#include "server/bridge/bridge_metrics.h"
#include "server/bridge/device_config_action.h"
#include "server/bridge/udp_ingest.h"
#include "server/mqtt/mqtt_client.h"
#include "server/storage/device_store.h"
#include "shared/media/ogg_opus_reader.h"
#include "shared/media/udp_packet.h"
#include "tests/support/require_service.h"
#include "tests/support/spkd_process.h"
#include "voice_device.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace spk::test;
using namespace spk::server;

namespace {
const QStringList kExpectedWords{"go", "forward", "ten", "meters"};

HttpResult get(BridgeStack &stack, const QString &path, QList<QPair<QByteArray, QByteArray>> headers = {})
{
    headers.append({"Authorization", "Bearer " + stack.adminToken().toUtf8()});
    return httpRequest("GET", stack.baseUrl() + path, {}, headers);
}

// The session row of (device, device session id) through GET /api/sessions.
QJsonObject sessionOf(BridgeStack &stack, const QString &deviceId, const QString &deviceSessionId)
{
    const auto list = get(stack, "/api/sessions?device_id=" + deviceId).json.value("sessions").toArray();
    for (const auto &s : list)
        if (s.toObject().value("device_session_id").toString() == deviceSessionId)
            return get(stack, QStringLiteral("/api/sessions/%1").arg(s.toObject().value("id").toInteger()))
                .json;
    return {};
}

// Garbage of every kind the bridge must count and drop.
QByteArray garbage(QRandomGenerator &rng, quint32 liveSsrc, int kind)
{
    spk::media::SessionKey wrongKey{};
    wrongKey.fill(7);
    spk::media::UdpHeader h;
    h.seq = rng.bounded(1000u);
    const std::vector<std::uint8_t> opus(40, 0x55);
    switch (kind % 4) {
    case 0: { // random bytes with a wrong version byte
        QByteArray b(int(rng.bounded(1, 200)), '\0');
        for (auto &c : b)
            c = char(rng.bounded(256));
        b[0] = char(2 + rng.bounded(200));
        return b;
    }
    case 1: { // version 1, lengths that do not add up
        QByteArray b(int(rng.bounded(17, 60)), '\x01');
        b[2] = char(0x03);
        b[3] = char(0xE8);
        return b;
    }
    case 2: // well formed, unknown ssrc
        h.ssrc = liveSsrc ^ 0x5a5a5a5a;
        break;
    default: // the live ssrc, sealed with the wrong key
        h.ssrc = liveSsrc;
        break;
    }
    const auto p = spk::media::encodePacket(h, opus, wrongKey);
    return QByteArray(reinterpret_cast<const char *>(p.datagram.data()), int(p.datagram.size()));
}
} // namespace

class TestBridgeE2E : public QObject
{
    Q_OBJECT

private slots:
    void conversationEndToEnd()
    {
        const QByteArray speech = goForwardSpeech();
        SPK_REQUIRE_AVAILABLE("pocketsphinx-testdata", !speech.isEmpty(),
                              "apt-get install pocketsphinx-testdata");
        BridgeStack stack;
        QString error;
        QVERIFY2(stack.start({}, {}, &error), qPrintable(error));
        const QString secret = stack.addDevice("dev1");
        QVERIFY(!secret.isEmpty());

        // A watcher of session_progress, as the gateway of another process would be.
        MqttClient::Options wo;
        wo.url = stack.mqttUrl();
        wo.clientId = "watcher";
        MqttClient watcher(wo);
        QStringList stages;
        connect(&watcher, &MqttClient::messageReceived, this,
                [&](const QString &topic, const QByteArray &payload) {
                    const QJsonObject e = QJsonDocument::fromJson(payload).object();
                    if (topic == QLatin1String("spk/events/session_progress") &&
                        e.value("device_id") == "dev1" &&
                        (stages.isEmpty() || stages.last() != e.value("stage").toString()))
                        stages << e.value("stage").toString();
                });
        QSignalSpy watcherUp(&watcher, &MqttClient::connected);
        watcher.start();
        QVERIFY(watcherUp.wait(5000));
        watcher.subscribe("spk/events/session_progress", 0);

        VoiceDevice device("dev1", secret);
        QVERIFY(device.connectMqtt(stack.mqttUrl()));

        // 1. wake -> wake/ack
        qint64 ackMs = -1;
        const QJsonObject ack = device.wake("s001", &ackMs);
        QVERIFY2(!ack.isEmpty(), "no wake/ack");
        const QJsonObject udp = ack.value("udp").toObject();
        QCOMPARE(udp.value("host").toString(), QString("127.0.0.1"));
        QCOMPARE(udp.value("port").toInt(), int(stack.bridge().udpPort()));
        QVERIFY(udp.value("ssrc").toDouble() > 0);
        QCOMPARE(QByteArray::fromBase64(udp.value("key").toString().toLatin1()).size(), 32);
        QCOMPARE(ack.value("ws_url").toString(), stack.baseUrl().replace("http:", "ws:") + "/ws/audio");
        qInfo() << "wake -> wake/ack at the device:" << ackMs << "ms";

        // The downlink: a wrong secret is refused, the right one accepted.
        QVERIFY(!device.openAudio(ack.value("ws_url").toString(), "wrong-secret"));
        QVERIFY(device.openAudio(ack.value("ws_url").toString()));

        // 2. speech over UDP, while garbage floods the same port.
        QRandomGenerator rng(42);
        int garbageSent = 0;
        QTimer flood;
        connect(&flood, &QTimer::timeout, this, [&] {
            for (int i = 0; i < 8; ++i)
                device.sendDatagram(garbage(rng, quint32(udp.value("ssrc").toDouble()), garbageSent++),
                                    stack.bridge().udpPort());
        });
        flood.start(2);
        const qint64 lastFrameAt = device.speak(ack, speech);
        flood.stop();
        QVERIFY(lastFrameAt > 0);
        qInfo() << "garbage datagrams sent during the session:" << garbageSent;

        // 3. transcripts
        QVERIFY2(device.waitFor(
                     [&] {
                         for (const auto &t : device.received("transcript"))
                             if (t.message.value("is_final").toBool())
                                 return true;
                         return false;
                     },
                     20000),
                 "no final transcript");
        const auto transcripts = device.received("transcript");
        const QString finalText = transcripts.last().message.value("text").toString();
        QVERIFY2(transcripts.last().message.value("is_final").toBool(), "the final transcript came last");
        QCOMPARE(transcripts.last().message.value("session_id").toString(), QString("s001"));
        QVERIFY2(matchingWords(finalText, kExpectedWords) >= 3, qPrintable(finalText));
        QVERIFY2(transcripts.size() >= 2, "partial transcripts expected before the final");
        QVERIFY(!transcripts.first().message.value("is_final").toBool());

        // 4. the reply on the WebSocket
        QVERIFY2(device.waitFor([&] { return !device.received("play_end").isEmpty(); }, 20000),
                 "no play_end");
        const auto starts = device.received("play_start");
        const auto frames = device.received("audio_frame");
        QCOMPARE(starts.size(), 1);
        QVERIFY(starts.first().atMs <= frames.first().atMs);
        QVERIFY2(frames.size() >= 10, qPrintable(QString::number(frames.size())));
        for (int i = 0; i < frames.size(); ++i) {
            QCOMPARE(frames[i].message.value("seq").toInt(), i + 1);
            QCOMPARE(frames[i].message.value("session_id").toString(), QString("s001"));
            QCOMPARE(frames[i].message.value("is_final").toBool(), i == frames.size() - 1);
        }
        QCOMPARE(device.decodedFrames(), frames.size());
        qInfo() << "end of speech (last frame sent) -> first reply frame at the device:"
                << frames.first().atMs - lastFrameAt << "ms; reply frames:" << frames.size();

        // 5. session_end -> completed, with texts, timings and both tracks
        device.endSession("s001");
        QJsonObject session;
        QVERIFY(device.waitFor(
            [&] {
                session = sessionOf(stack, "dev1", "s001");
                return session.value("status").toString() == QLatin1String("completed");
            },
            5000));
        QVERIFY2(matchingWords(session.value("user_query").toString(), kExpectedWords) >= 3,
                 qPrintable(session.value("user_query").toString()));
        QVERIFY(!session.value("ai_response").toString().isEmpty());
        const QJsonObject timings = session.value("timings").toObject();
        for (const char *stage :
             {"wake", "wake_ack", "first_audio", "end_of_speech", "first_partial", "final_transcript",
              "first_llm_token", "first_tts_audio", "first_frame_pushed", "play_end", "session_end"})
            QVERIFY2(timings.contains(stage), stage);
        QVERIFY(timings.value("wake_ack").toInteger() < 100);
        QVERIFY(timings.value("end_of_speech").toInteger() <= timings.value("final_transcript").toInteger());
        QVERIFY(timings.value("final_transcript").toInteger() <=
                timings.value("first_frame_pushed").toInteger());
        qInfo().noquote() << "stored timings:" << QJsonDocument(timings).toJson(QJsonDocument::Compact);

        const qint64 id = session.value("id").toInteger();
        for (const char *track : {"user", "assistant"}) {
            const auto audio =
                get(stack, QStringLiteral("/api/sessions/%1/audio?track=%2").arg(id).arg(track));
            QCOMPARE(audio.status, 200);
            QCOMPARE(audio.header("Content-Type"), QByteArray("audio/ogg"));
            QString decodeError;
            const auto decoded = spk::media::OggOpusReader::readMemory(audio.body, 16000, &decodeError);
            QVERIFY2(decoded, qPrintable(decodeError));
            if (QByteArray(track) == "user") // what the device sent, up to the end of speech
                QVERIFY2(qAbs(decoded->durationMs - speech.size() / 32) <= 200,
                         qPrintable(QString::number(decoded->durationMs)));
            else // what was played: as many 20 ms frames as were pushed (the last one padded)
                QVERIFY2(qAbs(decoded->durationMs - frames.size() * 20) <= 40,
                         qPrintable(QString::number(decoded->durationMs)));
            const auto part = get(stack, QStringLiteral("/api/sessions/%1/audio?track=%2").arg(id).arg(track),
                                  {{"Range", "bytes=0-99"}});
            QCOMPARE(part.status, 206);
            QCOMPARE(part.body.size(), 100);
        }

        // session_progress, in order
        QVERIFY(device.waitFor([&] { return stages.contains("completed"); }, 3000));
        QCOMPARE(stages, QStringList({"listening", "recognizing", "thinking", "speaking", "completed"}));

        // The flood was counted per reason and dropped; the session's own frames were all accepted.
        UdpIngest &ingest = stack.bridge().ingest();
        for (const char *reason : {"bad_version", "length_mismatch", "unknown_ssrc", "auth_failed"})
            QVERIFY2(ingest.dropped(reason) > 0, reason);
        QCOMPARE(ingest.dropped("bad_version") + ingest.dropped("length_mismatch") +
                     ingest.dropped("unknown_ssrc") + ingest.dropped("auth_failed"),
                 qint64(garbageSent));
        // The stack has no ops routes (/metrics is ServerApp's): the registry's text, as /metrics serves it.
        const QByteArray metrics = stack.metrics().render();
        QVERIFY(metrics.contains("spk_bridge_udp_dropped_total{reason=\"auth_failed\"}"));
        QCOMPARE(stack.bridge().activeSessions(), 0);
        // Per-stage latency (docs/metrics.md): one observation per stage of this session, in seconds.
        namespace bm = spk::server::bridge_metrics;
        QCOMPARE(stack.metrics().histogram(bm::kWakeAckSeconds).count(), 1);
        QVERIFY(stack.metrics().histogram(bm::kWakeAckSeconds).sum() < 0.1);
        QCOMPARE(stack.metrics().histogram(bm::kFirstReplyFrameSeconds).count(), 1);
        for (const char *stage : {"final_transcript", "first_llm_token", "first_tts_audio"}) {
            const spk::server::Histogram &h =
                stack.metrics().histogram(bm::kStageSeconds, QLatin1String(stage));
            QVERIFY2(h.count() == 1, stage);
            QVERIFY2(h.sum() >= 0 && h.sum() < 20, stage);
        }
        QVERIFY(metrics.contains("spk_bridge_active_sessions 0"));
    }

    void wakeRulesAndTimeouts()
    {
        BridgeStack stack;
        QString error;
        BridgeConfig bc;
        bc.noAudioTimeoutMs = 700;
        QVERIFY2(stack.start(bc, {}, &error), qPrintable(error));
        const QString secret = stack.addDevice("dev2");
        VoiceDevice device("dev2", secret);
        QVERIFY(device.connectMqtt(stack.mqttUrl()));
        const auto rejected = [&](const char *reason) {
            return stack.metrics()
                .counter("spk_bridge_wakes_rejected_total", "", QStringLiteral("reason=\"%1\"").arg(reason))
                .value();
        };

        // A repeated wake for a live session gets the same ack (same ssrc and key).
        const QJsonObject first = device.wake("w1");
        QVERIFY(!first.isEmpty());
        const QJsonObject again = device.wake("w1");
        QCOMPARE(again, first);
        QCOMPARE(stack.bridge().activeSessions(), 1);

        // No audio within the time-out: failed.
        QVERIFY(
            device.waitFor([&] { return sessionOf(stack, "dev2", "w1").value("status") == "failed"; }, 5000));
        QCOMPARE(stack.bridge().activeSessions(), 0);
        // A wake for a session that has ended is ignored.
        qint64 ackMs = 0;
        QVERIFY(device.wake("w1", &ackMs).isEmpty());
        QVERIFY(device.waitFor([&] { return rejected("duplicate") == 1; }, 2000));

        // Malformed wakes and a wake for an unknown device are counted and dropped.
        const int acksBefore = device.received("wake/ack").size();
        device.publish("wake", "not json");
        device.publish("wake", R"({"session_id":"bad id with spaces"})");
        device.publish("wake", QByteArray(70 * 1024, ' ') + R"({"session_id":"big"})");
        VoiceDevice stranger("nobody", "x");
        QVERIFY(stranger.connectMqtt(stack.mqttUrl()));
        stranger.publish("wake", R"({"session_id":"s1"})");
        QVERIFY(device.waitFor([&] { return rejected("malformed") == 3 && rejected("unknown_device") == 1; },
                               3000));
        QCOMPARE(device.received("wake/ack").size(), acksBefore);
        QVERIFY(stranger.received("wake/ack").isEmpty());

        // A session_end for no live session changes nothing; the bridge keeps serving.
        device.endSession("never-woken");
        QVERIFY(!device.wake("w2").isEmpty());
        QCOMPARE(stack.bridge().activeSessions(), 1);
        // A new wake while w2 is open: one conversation per speaker, w2 is superseded.
        QVERIFY(!device.wake("w3").isEmpty());
        const QJsonObject w2 = sessionOf(stack, "dev2", "w2");
        QCOMPARE(w2.value("status").toString(), QString("failed"));
        QCOMPARE(w2.value("failure_reason").toString(), QString("superseded"));
        QCOMPARE(stack.bridge().activeSessions(), 1);
    }

    void volumeActionGoesThroughTheConfigPath()
    {
        // What the dialogue's "set the volume to 40" does: persisted, published retained, acked by the
        // device, and the acked value lands in the device row (the gateway's normal config path).
        BridgeStack stack;
        QString error;
        QVERIFY2(stack.start({}, {}, &error), qPrintable(error));
        VoiceDevice device("dev7", stack.addDevice("dev7"));
        QVERIFY(device.connectMqtt(stack.mqttUrl()));
        MqttClient::Options o;
        o.url = stack.mqttUrl();
        o.clientId = "action-runner";
        MqttClient mqtt(o);
        QSignalSpy up(&mqtt, &MqttClient::connected);
        mqtt.start();
        QVERIFY(up.wait(5000));
        DeviceStore devices(stack.db());
        DeviceConfigAction action(devices, mqtt);

        QVERIFY(action.execute("dev7", {{"type", "set_volume"}, {"volume", 140}}, &error).isEmpty());
        QVERIFY(action.execute("dev7", {{"type", "launch_rocket"}}, &error).isEmpty());
        QVERIFY(action.execute("ghost", {{"type", "set_volume"}, {"volume", 40}}, &error).isEmpty());
        QVERIFY(devices.find("dev7")->desiredConfig.isEmpty()); // bad actions changed nothing

        const QString requestId = action.execute("dev7", {{"type", "set_volume"}, {"volume", 40}}, &error);
        QVERIFY2(!requestId.isEmpty(), qPrintable(error));
        QCOMPARE(devices.find("dev7")->desiredConfig.value("volume").toInt(), 40);
        QVERIFY(devices.find("dev7")->configPending);
        QVERIFY(device.waitFor([&] { return !device.received("config").isEmpty(); }, 3000));
        const QJsonObject config = device.received("config").first().message;
        QCOMPARE(config.value("request_id").toString(), requestId);
        QCOMPARE(config.value("volume").toInt(), 40);
        device.publish("config/ack", QJsonDocument(config).toJson(QJsonDocument::Compact));
        QVERIFY(device.waitFor([&] { return devices.find("dev7")->applied.volume == 40; }, 3000));
        QVERIFY(!devices.find("dev7")->configPending);
    }
};

QTEST_MAIN(TestBridgeE2E)
#include "tst_bridge_e2e.moc"
