// The conversation state machine of protocol.md §6: stages, timings and every time-out, without waiting
// (time is passed in).
#include "server/bridge/conversation_lifecycle.h"

#include <QtTest>

using namespace spk::server;

class TestConversationLifecycle : public QObject
{
    Q_OBJECT

    SessionTimeouts timeouts() const { return {10000, 60000, 15000}; }

private slots:
    void happyPathStagesAndTimings()
    {
        QMap<QString, qint64> hooked;
        int hookCalls = 0;
        ConversationLifecycle s(timeouts(), 1000, [&](const QString &name, qint64 ms) {
            hooked.insert(name, ms);
            ++hookCalls;
        });
        QCOMPARE(s.stage(), VoiceStage::Listening);
        QCOMPARE(progressStageName(s.stage()), QStringLiteral("listening"));
        s.mark(QLatin1String(ConversationLifecycle::kWakeAck), 1004);
        s.audioReceived(1100);
        s.audioReceived(1120); // first_audio stays at the first one
        QVERIFY(s.endOfSpeech(3000));
        QVERIFY(!s.endOfSpeech(3001)); // only once
        QCOMPARE(progressStageName(s.stage()), QStringLiteral("recognizing"));
        s.partialTranscript(2500);
        QVERIFY(s.finalTranscript(3200));
        QCOMPARE(progressStageName(s.stage()), QStringLiteral("thinking"));
        s.mark(QLatin1String(ConversationLifecycle::kFirstLlmToken), 3300);
        s.mark(QLatin1String(ConversationLifecycle::kFirstTtsAudio), 3400);
        QVERIFY(s.replyStarted(3420));
        QCOMPARE(progressStageName(s.stage()), QStringLiteral("speaking"));
        QVERIFY(s.replyDelivered(5000));
        QCOMPARE(s.stage(), VoiceStage::AwaitingSessionEnd);
        QCOMPARE(progressStageName(s.stage()), QStringLiteral("speaking"));
        QVERIFY(s.replyDelivered());
        QVERIFY(s.sessionEnd(6000));
        QCOMPARE(s.stage(), VoiceStage::Completed);
        QVERIFY(s.finished());
        QVERIFY(s.failureReason().isEmpty());

        const QMap<QString, qint64> expected{{"wake", 0},
                                             {"wake_ack", 4},
                                             {"first_audio", 100},
                                             {"end_of_speech", 2000},
                                             {"first_partial", 1500},
                                             {"final_transcript", 2200},
                                             {"first_llm_token", 2300},
                                             {"first_tts_audio", 2400},
                                             {"first_frame_pushed", 2420},
                                             {"play_end", 4000},
                                             {"session_end", 5000}};
        QCOMPARE(s.timings(), expected);
        QCOMPARE(hooked, expected);
        QCOMPARE(hookCalls, expected.size()); // each timing reported once
    }

    void eventsOutOfOrderAreIgnored()
    {
        ConversationLifecycle s(timeouts(), 0);
        QVERIFY(!s.finalTranscript(10)); // no final before end of speech
        QVERIFY(!s.replyStarted(10));
        QVERIFY(!s.replyDelivered(10));
        QCOMPARE(s.stage(), VoiceStage::Listening);
        QVERIFY(s.endOfSpeech(100));
        s.audioReceived(150); // audio after end of speech does not count
        QVERIFY(!s.timings().contains("first_audio"));
    }

    void deliveredWithoutFramesGoesThroughSpeaking()
    {
        // The fallback path: no frame was pushed, the URL was published.
        ConversationLifecycle s(timeouts(), 0);
        s.endOfSpeech(10);
        s.finalTranscript(20);
        QVERIFY(s.replyDelivered(30));
        QCOMPARE(s.stage(), VoiceStage::AwaitingSessionEnd);
        QCOMPARE(s.timings().value("first_frame_pushed"), 30);
        QCOMPARE(s.timings().value("play_end"), 30);
    }

    void noAudioClosesAListeningSessionAsFailed()
    {
        ConversationLifecycle s(timeouts(), 0);
        QCOMPARE(s.nextDeadline().value(), 10000);
        QVERIFY(!s.checkTimeouts(9999));
        QVERIFY(s.checkTimeouts(10000));
        QCOMPARE(s.stage(), VoiceStage::Failed);
        QCOMPARE(s.failureReason(), QStringLiteral("no_audio"));
        QCOMPARE(progressStageName(s.stage()), QStringLiteral("failed"));
        QVERIFY(!s.nextDeadline());
    }

    void audioKeepsTheSessionAlive()
    {
        ConversationLifecycle s(timeouts(), 0);
        for (qint64 t = 500; t <= 30000; t += 500) {
            s.audioReceived(t);
            QVERIFY(!s.checkTimeouts(t + 9000));
        }
        QVERIFY(s.checkTimeouts(30000 + 10000));
        QCOMPARE(s.failureReason(), QStringLiteral("no_audio"));
    }

    void replyTimeoutFailsAStuckPipeline()
    {
        for (int stuckIn = 0; stuckIn < 3; ++stuckIn) {
            ConversationLifecycle s(timeouts(), 0);
            s.endOfSpeech(1000);
            if (stuckIn >= 1)
                s.finalTranscript(2000);
            if (stuckIn >= 2)
                s.replyStarted(3000);
            QVERIFY(!s.checkTimeouts(60999));
            QVERIFY(s.checkTimeouts(61000));
            QCOMPARE(s.stage(), VoiceStage::Failed);
            QCOMPARE(s.failureReason(), QStringLiteral("reply_timeout"));
        }
    }

    void missingSessionEndCompletesADeliveredReply()
    {
        ConversationLifecycle s(timeouts(), 0);
        s.endOfSpeech(1000);
        s.finalTranscript(1500);
        s.replyStarted(1800);
        s.replyDelivered(4000);
        QCOMPARE(s.nextDeadline().value(), 19000);
        QVERIFY(!s.checkTimeouts(18999));
        QVERIFY(s.checkTimeouts(19000));
        QCOMPARE(s.stage(), VoiceStage::Completed);
        QCOMPARE(s.failureReason(), QStringLiteral("no_session_end"));
        QCOMPARE(s.timings().value("session_end"), 19000);
    }

    void sessionEndInAnyOpenStageCompletes()
    {
        ConversationLifecycle s(timeouts(), 0);
        s.endOfSpeech(1000);
        QVERIFY(s.sessionEnd(1200));
        QCOMPARE(s.stage(), VoiceStage::Completed);
        QVERIFY(!s.replyDelivered());
    }

    void finishedSessionsStayFinished()
    {
        ConversationLifecycle s(timeouts(), 0);
        QVERIFY(s.fail(100, QStringLiteral("heavy_packet_loss")));
        QVERIFY(!s.sessionEnd(200));
        QVERIFY(!s.fail(300, QStringLiteral("other")));
        QVERIFY(!s.checkTimeouts(1000000));
        QCOMPARE(s.stage(), VoiceStage::Failed);
        QCOMPARE(s.failureReason(), QStringLiteral("heavy_packet_loss"));
        QCOMPARE(s.timings().value("session_end"), 100);
    }
};

QTEST_APPLESS_MAIN(TestConversationLifecycle)
#include "tst_conversation_lifecycle.moc"
