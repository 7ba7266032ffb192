// VoiceSession driven by events only (no sockets, no clocks): wake → wake/ack → sealed UDP frames →
// transcripts → reply on the device WebSocket or the fallback URL → session_end, plus every time-out
// and every kind of bad input.
#include "device_core_harness.h"
#include "firmware/voice_session.h"
#include "shared/media/session_key.h"
#include "shared/media/udp_packet.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace spk::fw;
using namespace spk::fw::test;

namespace {

// A QString test row from single-quoted JSON.
QString jsonRow(const char *singleQuoted)
{
    return QString::fromStdString(j(singleQuoted));
}

std::string text(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString();
}

std::string audioFrame(const std::string &sessionId, int seq, const QByteArray &opus, bool isFinal)
{
    return text({{"type", "audio_frame"},
                 {"session_id", QString::fromStdString(sessionId)},
                 {"seq", seq},
                 {"timestamp", 1729456789000.0 + 20 * seq},
                 {"data", QString::fromLatin1(opus.toBase64())},
                 {"is_final", isFinal}});
}

// One device core with a voice session, online, the connect-time actions dropped.
struct Speaker
{
    VoiceSession voice;
    std::unique_ptr<DeviceCore> core;
    spk::media::SessionKey key = spk::media::randomSessionKey();
    uint32_t ssrc = 3000000001u; // above INT_MAX on purpose

    explicit Speaker(VoiceSessionOptions options = {}) : voice(options)
    {
        DeviceOptions o;
        o.deviceId = kId;
        std::string error;
        core = DeviceCore::create(o, &error);
        core->addComponent(voice);
        core->connected();
        core->tick(1000);
        core->takeActions();
    }

    QJsonObject ack(const std::string &sessionId) const
    {
        return {{"session_id", QString::fromStdString(sessionId)},
                {"udp", QJsonObject{{"host", "127.0.0.1"},
                                    {"port", 7000},
                                    {"ssrc", double(ssrc)},
                                    {"key", QString::fromStdString(spk::media::sessionKeyToBase64(key))}}},
                {"ws_url", "ws://127.0.0.1:8080/ws/audio"}};
    }
    void deliver(const char *suffix, const QJsonObject &payload)
    {
        core->messageReceived(topicOf(suffix), text(payload));
    }
    // start + wake/ack: the session is streaming; returns the actions of the ack.
    std::vector<VoiceAction> startStreaming(const std::string &sessionId)
    {
        std::string error;
        if (!voice.start(sessionId, &error))
            qFatal("start failed: %s", error.c_str());
        core->takeActions();
        deliver("wake/ack", ack(sessionId));
        return voice.takeActions();
    }
    spk::media::DecodedPacket open(const SendDatagram &d) const
    {
        const auto key = this->key;
        const uint32_t expected = ssrc;
        return spk::media::decodePacket(d.bytes, [key, expected](uint32_t s) {
            return s == expected ? std::optional<spk::media::SessionKey>(key) : std::nullopt;
        });
    }
};

const uint8_t kOpus[] = {0x48, 0x01, 0x02, 0x03, 0x04};

} // namespace

class TestVoiceSession : public QObject
{
    Q_OBJECT
private slots:
    void subscribesItsTopics()
    {
        VoiceSession voice;
        DeviceOptions o;
        o.deviceId = kId;
        std::string error;
        auto core = DeviceCore::create(o, &error);
        core->addComponent(voice);
        core->connected();
        std::vector<std::string> filters;
        for (const auto &s : only<Subscribe>(core->takeActions()))
            filters.push_back(s.filter);
        for (const char *suffix : {"wake/ack", "transcript", "play"})
            QVERIFY2(std::count(filters.begin(), filters.end(), topicOf(suffix)) == 1, suffix);
    }

    void startNeedsAnOnlineDeviceAndAValidId()
    {
        VoiceSession voice;
        std::string error;
        QVERIFY(!voice.start("s001", &error)); // never connected
        QVERIFY(error.find("offline") != std::string::npos);

        Speaker sp;
        QVERIFY(!sp.voice.start("bad id", &error));
        QVERIFY(!sp.voice.start("", &error));
        QVERIFY(!sp.voice.start(std::string(65, 'a'), &error));
        QCOMPARE(sp.voice.state(), VoiceSession::State::Idle);
        QVERIFY(!sp.core->hasActions());

        sp.core->disconnected();
        sp.core->takeActions();
        QVERIFY(!sp.voice.start("s001", &error));
        QVERIFY(error.find("offline") != std::string::npos);
        QCOMPARE(sp.voice.counters().sessionsStarted, 0u);
    }

    void startPublishesWake()
    {
        Speaker sp;
        std::string error;
        QVERIFY(sp.voice.start("s001", &error));
        QCOMPARE(sp.voice.state(), VoiceSession::State::WaitingForAck);
        const auto wakes = publishesTo(sp.core->takeActions(), topicOf("wake"));
        QCOMPARE(wakes.size(), 1u);
        QCOMPARE(json(wakes[0].payload), QJsonObject({{"session_id", "s001"}}));
        QCOMPARE(wakes[0].qos, 1);
        QVERIFY(!wakes[0].retain);

        QVERIFY(!sp.voice.start("s002", &error)); // one conversation at a time
        QVERIFY(error.find("s001") != std::string::npos);
        QVERIFY(!sp.core->hasActions());
    }

    void wakeAckOpensTheSocketAndStartsStreaming()
    {
        Speaker sp;
        const auto actions = sp.startStreaming("s001");
        QCOMPARE(sp.voice.state(), VoiceSession::State::Streaming);
        QCOMPARE(actions.size(), 2u);
        const auto open = std::get<OpenAudioSocket>(actions[0]);
        QCOMPARE(open.sessionId, std::string("s001"));
        QCOMPARE(open.wsUrl, std::string("ws://127.0.0.1:8080/ws/audio"));
        QCOMPARE(std::get<StartStreaming>(actions[1]).sessionId, std::string("s001"));

        // A redelivered ack changes nothing.
        sp.deliver("wake/ack", sp.ack("s001"));
        QVERIFY(!sp.voice.hasActions());
        QCOMPARE(sp.voice.counters().staleMessages, 1u);
    }

    void framesBecomeAuthenticDatagramsInOrder()
    {
        Speaker sp;
        sp.startStreaming("s001");
        std::string error;
        for (int i = 0; i < 3; ++i)
            QVERIFY2(sp.voice.sendFrame(kOpus, sizeof kOpus, i == 2, &error), error.c_str());
        const auto datagrams = only<SendDatagram>(sp.voice.takeActions());
        QCOMPARE(datagrams.size(), 3u);
        for (uint32_t i = 0; i < 3; ++i) {
            QCOMPARE(datagrams[i].host, std::string("127.0.0.1"));
            QCOMPARE(datagrams[i].port, uint16_t(7000));
            const auto packet = sp.open(datagrams[i]);
            QVERIFY2(packet.ok(), spk::media::dropReasonName(packet.reason));
            QCOMPARE(packet.header.ssrc, sp.ssrc);
            QCOMPARE(packet.header.seq, i);
            QCOMPARE(packet.header.timestamp, i * 20);
            QCOMPARE(packet.header.endOfSpeech(), i == 2);
            QCOMPARE(packet.opus, std::vector<uint8_t>(std::begin(kOpus), std::end(kOpus)));
        }
        QCOMPARE(sp.voice.state(), VoiceSession::State::WaitingForReply);
        QCOMPARE(sp.voice.framesSent(), 3u);
        QCOMPARE(sp.voice.counters().datagramsSent, 3u);
        // After the end of speech nothing more goes up.
        QVERIFY(!sp.voice.sendFrame(kOpus, sizeof kOpus, false, &error));
        QVERIFY(error.find("not streaming") != std::string::npos);
    }

    void badFramesAreRefused()
    {
        Speaker sp;
        std::string error;
        QVERIFY(!sp.voice.sendFrame(kOpus, sizeof kOpus, false, &error)); // idle
        sp.startStreaming("s001");
        QVERIFY(!sp.voice.sendFrame(kOpus, 0, false, &error));
        QVERIFY(!sp.voice.sendFrame(nullptr, 10, false, &error));
        const std::vector<uint8_t> big(1001, 1);
        QVERIFY(!sp.voice.sendFrame(big.data(), big.size(), false, &error));
        QVERIFY(error.find("1..1000") != std::string::npos);
        QVERIFY(!sp.voice.hasActions());
        QCOMPARE(sp.voice.framesSent(), 0u);
        const std::vector<uint8_t> max(1000, 1);
        QVERIFY(sp.voice.sendFrame(max.data(), max.size(), false, &error));
    }

    void invalidWakeAcksAreRejected_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonValue>("value");
        QTest::newRow("no udp") << "udp" << QJsonValue();
        QTest::newRow("udp not object") << "udp" << QJsonValue("127.0.0.1:7000");
        QTest::newRow("port 0") << "port" << QJsonValue(0);
        QTest::newRow("port 70000") << "port" << QJsonValue(70000);
        QTest::newRow("port fraction") << "port" << QJsonValue(7000.5);
        QTest::newRow("ssrc negative") << "ssrc" << QJsonValue(-1);
        QTest::newRow("ssrc too big") << "ssrc" << QJsonValue(4294967296.0);
        QTest::newRow("ssrc string") << "ssrc" << QJsonValue("12");
        QTest::newRow("key short") << "key"
                                   << QJsonValue(QString::fromLatin1(QByteArray(16, 'k').toBase64()));
        QTest::newRow("key not base64") << "key" << QJsonValue("!!!!");
        QTest::newRow("host empty") << "host" << QJsonValue("");
        QTest::newRow("ws_url http") << "ws_url" << QJsonValue("http://127.0.0.1/ws/audio");
        QTest::newRow("ws_url missing") << "ws_url" << QJsonValue();
        QTest::newRow("session_id bad") << "session_id" << QJsonValue("s 001");
    }

    void invalidWakeAcksAreRejected()
    {
        QFETCH(QString, field);
        QFETCH(QJsonValue, value);
        Speaker sp;
        std::string error;
        QVERIFY(sp.voice.start("s001", &error));
        sp.core->takeActions();
        QJsonObject ack = sp.ack("s001");
        const bool inUdp = field == "port" || field == "ssrc" || field == "key" || field == "host";
        if (inUdp) {
            QJsonObject udp = ack.value("udp").toObject();
            udp.insert(field, value);
            ack.insert("udp", udp);
        } else if (value.isUndefined() || value.isNull()) {
            ack.remove(field);
        } else {
            ack.insert(field, value);
        }
        sp.deliver("wake/ack", ack);
        QCOMPARE(sp.voice.state(), VoiceSession::State::WaitingForAck);
        QCOMPARE(sp.voice.counters().rejectedMessages, 1u);
        QCOMPARE(sp.core->counters().rejected, 1u);
        const auto actions = sp.voice.takeActions();
        QCOMPARE(actions.size(), 1u);
        QVERIFY(std::holds_alternative<LogEvent>(actions[0]));
        // The real ack still works afterwards.
        sp.deliver("wake/ack", sp.ack("s001"));
        QCOMPARE(sp.voice.state(), VoiceSession::State::Streaming);
    }

    void messagesForOtherSessionsAreStale()
    {
        Speaker sp;
        std::string error;
        QVERIFY(sp.voice.start("s001", &error));
        sp.deliver("wake/ack", sp.ack("s000"));
        sp.deliver("transcript", {{"session_id", "s000"}, {"text", "old"}, {"is_final", true}});
        QVERIFY(sp.voice.audioSocketMessage(text({{"type", "play_end"}, {"session_id", "s000"}})));
        QCOMPARE(sp.voice.state(), VoiceSession::State::WaitingForAck);
        QCOMPARE(sp.voice.counters().staleMessages, 3u);
        QCOMPARE(sp.voice.counters().rejectedMessages, 0u);
        QVERIFY(!sp.voice.hasActions());
    }

    void wakeAckTimeout()
    {
        Speaker sp; // the core's clock is at 1000 ms
        std::string error;
        QVERIFY(sp.voice.start("s001", &error));
        sp.core->tick(5999);
        QCOMPARE(sp.voice.state(), VoiceSession::State::WaitingForAck);
        sp.core->tick(6000);
        QCOMPARE(sp.voice.state(), VoiceSession::State::Failed);
        QCOMPARE(sp.voice.failureReason(), std::string("wake_ack_timeout"));
        const auto ended = only<SessionEnded>(sp.voice.takeActions());
        QCOMPARE(ended.size(), 1u);
        QVERIFY(!ended[0].completed);
        QCOMPARE(ended[0].reason, std::string("wake_ack_timeout"));
        // A late ack does not revive it; a new session may start.
        sp.deliver("wake/ack", sp.ack("s001"));
        QCOMPARE(sp.voice.state(), VoiceSession::State::Failed);
        QVERIFY(!sp.voice.start("s001", &error)); // ids are not reused
        QVERIFY(sp.voice.start("s002", &error));
        QCOMPARE(sp.voice.counters().sessionsFailed, 1u);
    }

    void transcriptsAreReported()
    {
        Speaker sp;
        sp.startStreaming("s001");
        sp.deliver("transcript", {{"session_id", "s001"}, {"text", ""}, {"is_final", false}});
        sp.deliver("transcript", {{"session_id", "s001"}, {"text", "go forward"}, {"is_final", false}});
        QCOMPARE(sp.voice.state(), VoiceSession::State::Streaming);
        // The server's final transcript ends the utterance before the device did: stop streaming.
        sp.deliver("transcript",
                   {{"session_id", "s001"}, {"text", "go forward ten meters"}, {"is_final", true}});
        const auto actions = sp.voice.takeActions();
        const auto updates = only<TranscriptUpdate>(actions);
        QCOMPARE(updates.size(), 3u);
        QCOMPARE(updates[1].text, std::string("go forward"));
        QVERIFY(!updates[1].isFinal);
        QVERIFY(updates[2].isFinal);
        QCOMPARE(only<StopStreaming>(actions).size(), 1u);
        QCOMPARE(sp.voice.state(), VoiceSession::State::WaitingForReply);
        QCOMPARE(sp.voice.finalTranscript(), std::string("go forward ten meters"));
        QCOMPARE(sp.voice.counters().transcripts, 3u);

        sp.deliver("transcript", {{"session_id", "s001"}, {"is_final", true}}); // no text
        sp.deliver("transcript", {{"session_id", "s001"}, {"text", "x"}, {"is_final", "yes"}});
        QCOMPARE(sp.voice.counters().rejectedMessages, 2u);
        QCOMPARE(sp.voice.counters().transcripts, 3u);
    }

    void replyOverTheWebSocketEndsTheSession()
    {
        Speaker sp;
        sp.startStreaming("s001");
        std::string error;
        QVERIFY(sp.voice.sendFrame(kOpus, sizeof kOpus, true, &error));
        sp.voice.takeActions();

        QVERIFY(sp.voice.audioSocketMessage(text({{"type", "play_start"},
                                                  {"session_id", "s001"},
                                                  {"total_frames", QJsonValue()},
                                                  {"duration_ms", 3000}})));
        QCOMPARE(sp.voice.state(), VoiceSession::State::Playing);
        const QByteArray f1("\x48\x10\x20", 3), f2("\x48\x30", 2), f4("\x48\x40\x50\x60", 4);
        QVERIFY(sp.voice.audioSocketMessage(audioFrame("s001", 1, f1, false)));
        QVERIFY(sp.voice.audioSocketMessage(audioFrame("s001", 2, f2, false)));
        QVERIFY(!sp.voice.audioSocketMessage(audioFrame("s001", 2, f2, false))); // duplicate
        QVERIFY(sp.voice.audioSocketMessage(audioFrame("s001", 4, f4, true)));   // 3 lost
        QVERIFY(!sp.core->hasActions()); // nothing published until play_end
        QVERIFY(sp.voice.audioSocketMessage(text({{"type", "play_end"}, {"session_id", "s001"}})));

        const auto actions = sp.voice.takeActions();
        const auto started = only<ReplyStarted>(actions);
        QCOMPARE(started.size(), 1u);
        QCOMPARE(started[0].totalFrames, -1);
        QCOMPARE(started[0].durationMs, 3000);
        const auto frames = only<PlayAudio>(actions);
        QCOMPARE(frames.size(), 3u);
        QCOMPARE(frames[0].seq, 1u);
        QCOMPARE(
            QByteArray(reinterpret_cast<const char *>(frames[0].opus.data()), int(frames[0].opus.size())),
            f1);
        QCOMPARE(frames[2].seq, 4u);
        QVERIFY(frames[2].isFinal);
        const auto finished = only<ReplyFinished>(actions);
        QCOMPARE(finished.size(), 1u);
        QCOMPARE(finished[0].frames, 3u);
        QCOMPARE(finished[0].missingFrames, 1u);
        const auto ended = only<SessionEnded>(actions);
        QCOMPARE(ended.size(), 1u);
        QVERIFY(ended[0].completed);

        const auto ends = publishesTo(sp.core->takeActions(), topicOf("session_end"));
        QCOMPARE(ends.size(), 1u);
        QCOMPARE(json(ends[0].payload), QJsonObject({{"session_id", "s001"}}));
        QCOMPARE(sp.voice.state(), VoiceSession::State::Completed);
        QCOMPARE(sp.voice.counters().sessionsCompleted, 1u);
        QCOMPARE(sp.voice.counters().replyFramesMissing, 1u);

        // Late messages of the finished session are stale, not errors.
        QVERIFY(sp.voice.audioSocketMessage(text({{"type", "play_end"}, {"session_id", "s001"}})));
        QVERIFY(!sp.core->hasActions());
    }

    void badWebSocketMessagesChangeNothing_data()
    {
        QTest::addColumn<QString>("message");
        QTest::newRow("not json") << "{{{";
        QTest::newRow("array") << "[1,2]";
        QTest::newRow("trailing") << jsonRow("{'type':'play_end','session_id':'s001'} x");
        QTest::newRow("unknown type") << jsonRow("{'type':'dance','session_id':'s001'}");
        QTest::newRow("no session") << jsonRow("{'type':'play_end'}");
        QTest::newRow("frame before start") << QString::fromStdString(audioFrame("s001", 1, "abc", false));
        QTest::newRow("end before start") << jsonRow("{'type':'play_end','session_id':'s001'}");
        QTest::newRow("bad base64") << jsonRow(
            "{'type':'audio_frame','session_id':'s001','seq':1,'data':'@@','is_final':false}");
        QTest::newRow("seq 0") << jsonRow(
            "{'type':'audio_frame','session_id':'s001','seq':0,'data':'SAE=','is_final':false}");
        QTest::newRow("total negative")
            << jsonRow("{'type':'play_start','session_id':'s001','total_frames':-3}");
        QTest::newRow("oversized") << QString(70000, QLatin1Char(' '));
    }

    void badWebSocketMessagesChangeNothing()
    {
        QFETCH(QString, message);
        Speaker sp;
        sp.startStreaming("s001");
        QVERIFY(!sp.voice.audioSocketMessage(message.toStdString()));
        QCOMPARE(sp.voice.state(), VoiceSession::State::Streaming);
        QCOMPARE(sp.voice.counters().rejectedMessages, 1u);
        const auto actions = sp.voice.takeActions();
        QCOMPARE(actions.size(), 1u);
        QVERIFY(std::holds_alternative<LogEvent>(actions[0]));
    }

    void replyWhileStreamingStopsTheUplink()
    {
        Speaker sp;
        sp.startStreaming("s001");
        QVERIFY(sp.voice.audioSocketMessage(text({{"type", "play_start"}, {"session_id", "s001"}})));
        const auto actions = sp.voice.takeActions();
        QCOMPARE(only<StopStreaming>(actions).size(), 1u);
        QCOMPARE(only<ReplyStarted>(actions).size(), 1u);
        QCOMPARE(sp.voice.state(), VoiceSession::State::Playing);
    }

    void fallbackUrlIsFetchedThenTheSessionEnds()
    {
        Speaker sp;
        sp.startStreaming("s001");
        std::string error;
        QVERIFY(sp.voice.sendFrame(kOpus, sizeof kOpus, true, &error));
        sp.voice.takeActions();
        sp.deliver("play", {{"session_id", "s001"}, {"audio_url", "ftp://x/y"}, {"mode", "fallback"}});
        sp.deliver("play", {{"session_id", "s001"}, {"audio_url", "http://x/y"}, {"mode", "stream"}});
        QCOMPARE(sp.voice.counters().rejectedMessages, 2u);
        QCOMPARE(sp.voice.state(), VoiceSession::State::WaitingForReply);
        sp.voice.takeActions();

        const QString url = "http://127.0.0.1:8080/audio/fallback/abc";
        sp.deliver("play", {{"session_id", "s001"}, {"audio_url", url}, {"mode", "fallback"}});
        QCOMPARE(sp.voice.state(), VoiceSession::State::PlayingFallback);
        const auto fetch = only<FetchFallbackAudio>(sp.voice.takeActions());
        QCOMPARE(fetch.size(), 1u);
        QCOMPARE(fetch[0].url, url.toStdString());
        sp.core->tick(1000000); // the download has no device-side deadline: the host reports back
        QCOMPARE(sp.voice.state(), VoiceSession::State::PlayingFallback);
        QVERIFY(publishesTo(sp.core->takeActions(), topicOf("session_end")).empty()); // (a heartbeat is due)

        sp.voice.fallbackPlaybackFinished(true);
        QCOMPARE(sp.voice.state(), VoiceSession::State::Completed);
        QCOMPARE(publishesTo(sp.core->takeActions(), topicOf("session_end")).size(), 1u);
        QCOMPARE(sp.voice.counters().fallbacks, 1u);
    }

    void fallbackThatCannotBePlayedFailsButStillEnds()
    {
        Speaker sp;
        sp.startStreaming("s001");
        sp.voice.takeActions();
        // The WebSocket died mid-reply: the fallback replaces what was received.
        QVERIFY(sp.voice.audioSocketMessage(text({{"type", "play_start"}, {"session_id", "s001"}})));
        sp.deliver("play", {{"session_id", "s001"}, {"audio_url", "http://h/a"}, {"mode", "fallback"}});
        QCOMPARE(sp.voice.state(), VoiceSession::State::PlayingFallback);
        sp.voice.fallbackPlaybackFinished(false);
        QCOMPARE(sp.voice.state(), VoiceSession::State::Failed);
        QCOMPARE(sp.voice.failureReason(), std::string("fallback_failed"));
        QCOMPARE(publishesTo(sp.core->takeActions(), topicOf("session_end")).size(), 1u);
    }

    void replyTimeout()
    {
        VoiceSessionOptions o;
        o.replyTimeoutMs = 3000;
        Speaker sp(o);
        sp.startStreaming("s001");
        std::string error;
        sp.core->tick(50000); // streaming has no device-side deadline: the host ends the utterance
        QCOMPARE(sp.voice.state(), VoiceSession::State::Streaming);
        QVERIFY(sp.voice.sendFrame(kOpus, sizeof kOpus, true, &error)); // at 50000
        QVERIFY(sp.voice.audioSocketMessage(text({{"type", "play_start"}, {"session_id", "s001"}})));
        sp.core->tick(52999);
        QVERIFY(sp.voice.audioSocketMessage(audioFrame("s001", 1, "\x48\x01", false))); // re-arms
        sp.core->tick(55998);
        QCOMPARE(sp.voice.state(), VoiceSession::State::Playing);
        sp.core->tick(55999);
        QCOMPARE(sp.voice.state(), VoiceSession::State::Failed);
        QCOMPARE(sp.voice.failureReason(), std::string("reply_timeout"));
        QVERIFY(publishesTo(sp.core->takeActions(), topicOf("session_end")).empty());
    }

    void abortEndsTheLiveSessionOnly()
    {
        Speaker sp;
        sp.voice.abort("shutdown"); // nothing live: no-op
        QCOMPARE(sp.voice.state(), VoiceSession::State::Idle);
        sp.startStreaming("s001");
        sp.voice.abort("shutdown");
        QCOMPARE(sp.voice.state(), VoiceSession::State::Failed);
        QCOMPARE(sp.voice.failureReason(), std::string("aborted: shutdown"));
    }

    void callbackAnnouncesQueuedActions()
    {
        Speaker sp;
        int calls = 0;
        sp.voice.setActionsQueuedCallback([&] { ++calls; });
        sp.startStreaming("s001"); // OpenAudioSocket + StartStreaming
        QCOMPARE(calls, 2);
    }

    void secondSessionAfterTheFirst()
    {
        Speaker sp;
        sp.startStreaming("s001");
        std::string error;
        QVERIFY(sp.voice.sendFrame(kOpus, sizeof kOpus, true, &error));
        QVERIFY(sp.voice.audioSocketMessage(text({{"type", "play_start"}, {"session_id", "s001"}})));
        QVERIFY(sp.voice.audioSocketMessage(text({{"type", "play_end"}, {"session_id", "s001"}})));
        sp.voice.takeActions();
        sp.core->takeActions();
        const auto actions = sp.startStreaming("s002");
        QCOMPARE(only<StartStreaming>(actions).size(), 1u);
        QVERIFY(sp.voice.sendFrame(kOpus, sizeof kOpus, false, &error));
        const auto d = only<SendDatagram>(sp.voice.takeActions());
        QCOMPARE(sp.open(d.at(0)).header.seq, 0u); // seq restarts for each session
        QCOMPARE(sp.voice.counters().sessionsStarted, 2u);
    }
};

QTEST_APPLESS_MAIN(TestVoiceSession)
#include "tst_voice_session.moc"
