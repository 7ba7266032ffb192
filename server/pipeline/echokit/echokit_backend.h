#pragma once
// An EchoKit server as a whole-turn backend. spkd's bridge talks to two interfaces: AsrBackend
// (PCM in, transcript out) and, after the transcript, a ReplyEngine (sentences + audio out). EchoKit
// does both in one WebSocket, so this class is an AsrBackend whose stream IS the EchoKit turn: its
// final transcript is EchoKit's ASR event, and the reply EchoKit streams afterwards is kept per
// session until the bridge's reply engine asks for it (startReply, see echokit_reply_engine.h).
// Reply events that arrive before startReply are buffered and replayed in order.
#include "server/core/pipeline_config.h"
#include "server/pipeline/asr/asr_backend.h"
#include "server/pipeline/common/health_tracker.h"
#include "server/pipeline/echokit/echokit_event.h"

#include <QHash>
#include <QUrl>
#include <memory>

namespace spk::server::pipeline {

class EchoKitClient;

class EchoKitBackend : public AsrBackend
{
    Q_OBJECT
public:
    EchoKitBackend(EchoKitConfig config, int unhealthyBackoffMs, QObject *parent = nullptr);
    ~EchoKitBackend() override;

    QString name() const override { return QStringLiteral("echokit"); }
    bool healthy() const override { return health_.healthy(); }

    void startStream(const QString &sessionId, const AsrStreamOptions &options = {}) override;
    void feed(const QString &sessionId, const QByteArray &pcm16k) override;
    void finish(const QString &sessionId) override;
    void cancel(const QString &sessionId) override;

    // Reply side. hasReply: this session's transcript came from EchoKit and its reply is still owed.
    bool hasReply(const QString &sessionId) const;
    // Starts delivering the reply signals for the session (asynchronously); false if !hasReply.
    bool startReply(const QString &sessionId);
    void cancelReply(const QString &sessionId);

    // The WebSocket URL a session's turn uses: the configured URL + the session id.
    QUrl turnUrl(const QString &sessionId) const;

signals:
    void replyFirstToken(const QString &sessionId);
    void replySentence(const QString &sessionId, const QString &text);
    void replyAudio(const QString &sessionId, const QByteArray &pcm16k);
    void replyAction(const QString &sessionId, const QString &action);
    void replyFinished(const QString &sessionId, const QString &fullText);
    void replyFailed(const QString &sessionId, const QString &message);

private:
    struct Turn;
    void onEvent(const QString &sessionId, const EchoKitEvent &event);
    void onClientFailed(const QString &sessionId, const QString &message);
    void queueForReply(const QString &sessionId, Turn &turn, const EchoKitEvent &event,
                       const QString &failure);
    void flushReply(const QString &sessionId);
    bool deliver(const QString &sessionId, Turn &turn, const EchoKitEvent &event, const QString &failure);
    void drop(const QString &sessionId);

    EchoKitConfig config_;
    HealthTracker health_;
    QHash<QString, std::shared_ptr<Turn>> turns_;
};

} // namespace spk::server::pipeline
