#pragma once
// One voice session end to end (seed scene 3): uplink PCM -> recording, server-side silence detection
// and ASR; transcripts out on MQTT; the reply engine's speech out through ReplyStreamer (or the
// fallback); stage changes to session_progress; and the final state, texts, timings and recordings
// into the session row. The stages and time-outs themselves live in ConversationLifecycle.
#include "server/bridge/conversation_lifecycle.h"
#include "server/bridge/session_recorder.h"
#include "server/bridge/silence_detector.h"
#include "server/core/logging.h"
#include "shared/media/session_key.h"

#include <QJsonObject>
#include <QObject>
#include <memory>

namespace spk::server {
struct BridgeContext;
class ReplyStreamer;

class Conversation : public QObject
{
    Q_OBJECT
public:
    Conversation(BridgeContext &ctx, qint64 sessionId, QString deviceId, QString deviceSessionId,
                 qint64 wakeAtMs, QObject *parent = nullptr);
    ~Conversation() override;

    qint64 sessionId() const { return sessionId_; }
    QString deviceId() const { return deviceId_; }
    QString deviceSessionId() const { return deviceSessionId_; }
    // The ASR stream and reply turn are keyed by this (the server session id as text).
    QString pipelineId() const { return QString::number(sessionId_); }
    bool finished() const { return lifecycle_.finished(); }
    ConversationLifecycle &lifecycle() { return lifecycle_; }

    // Registers the UDP uplink under the session key and starts the ASR stream; returns the ssrc.
    quint32 start(const spk::media::SessionKey &key);
    // Publishes session_progress for the current stage (the wake handler calls it after the ack).
    void announceStage() { progress(); }

    // ASR results.
    void onPartial(const QString &text);
    void onFinal(const QString &text);
    void onAsrFailed(const QString &message);
    // Reply engine.
    void onFirstToken();
    void onSentence(const QString &text);
    void onReplyAudio(const QByteArray &pcm16k);
    void onAction(const QJsonObject &action);
    void onReplyFinished(const QString &fullText);
    void onReplyFailed(const QString &message);
    // Device.
    void onSessionEnd();
    void onWebSocketLost();
    // Ends the session as failed now (shutdown).
    void abort(const QString &reason) { fail(reason); }
    // Called a few times per second by the bridge.
    void checkTimeouts();

signals:
    // The session has ended and is stored; the bridge forgets it.
    void closed(qint64 sessionId);

private:
    void onUplinkAudio();
    void onUplinkOpus(const QByteArray &opus);
    void onUplinkPcm(const spk::media::Pcm16 &pcm);
    void feedAsr();
    void endOfSpeech(const char *source);
    void recordReplyFrames(); // the reply's new Opus frames into the assistant track
    void deliverFallback();
    void replyDone();
    void progress(const QString &text = {});
    void fail(const QString &reason);
    void close();
    // The lifecycle's timing hook: end of speech to the later stages, into spk_bridge_stage_seconds.
    void onTiming(const QString &name, qint64 msSinceWake);
    // device_id and session_id for the JSON log lines of this conversation.
    LogContext logContext() const;

    BridgeContext &ctx_;
    qint64 sessionId_;
    QString deviceId_;
    QString deviceSessionId_;
    ConversationLifecycle lifecycle_;
    SilenceDetector vad_;
    SessionRecorder recorder_;
    std::unique_ptr<ReplyStreamer> streamer_;
    quint32 ssrc_ = 0;
    qint64 utteranceMs_ = 0;
    static constexpr qsizetype kAsrChunkBytes = 3200; // 100 ms of 16 kHz int16
    QByteArray asrPending_;
    qsizetype recordedReplyFrames_ = 0; // uplink PCM not yet given to the ASR
    bool asrOpen_ = false;              // the ASR stream has not given its final (or failure) yet
    qint64 endOfSpeechMs_ = -1;         // since wake; -1 = not yet
    bool replyOpen_ = false;            // the reply engine is still working on this turn
    QString userQuery_;
    QString aiResponse_;
    bool closing_ = false;
};

} // namespace spk::server
