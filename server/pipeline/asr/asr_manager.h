#pragma once
// Primary + fallback ASR behind the AsrBackend interface. Each stream starts on the primary (or on
// the fallback when the primary reports itself unhealthy); if the active backend fails or has no
// final transcript within finalTimeoutMs after end of speech, the fallback takes over and gets the
// whole utterance replayed from the buffer this manager keeps.
#include "server/pipeline/asr/asr_backend.h"

#include <QHash>
#include <QPointer>
#include <QSet>

#include <memory>

class QTimer;

namespace spk::server::pipeline {

class AsrManager : public AsrBackend
{
    Q_OBJECT
public:
    // Backends are not owned (parent them as you like); fallback may be null. The fallback, which
    // gets the whole utterance at once, has 3 x finalTimeoutMs for its final transcript.
    AsrManager(AsrBackend *primary, AsrBackend *fallback, int finalTimeoutMs, int maxUtteranceMs,
               QObject *parent = nullptr);
    ~AsrManager() override;

    QString name() const override;
    bool healthy() const override;

    void startStream(const QString &sessionId, const AsrStreamOptions &options = {}) override;
    void feed(const QString &sessionId, const QByteArray &pcm16k) override;
    void finish(const QString &sessionId) override;
    void cancel(const QString &sessionId) override;

    // Name of the backend currently serving the stream (empty if none).
    QString activeBackend(const QString &sessionId) const;

signals:
    // The stream moved to the fallback; reason is the primary's error or "timeout"/"unhealthy".
    void backendSwitched(const QString &sessionId, const QString &from, const QString &to,
                         const QString &reason);

private:
    struct Stream
    {
        AsrStreamOptions options;
        QByteArray audio; // the whole utterance, for a replay on the fallback (if there is one)
        qsizetype bytes = 0;
        bool finished = false;
        bool onFallback = false;
        AsrBackend *active = nullptr;
        QTimer *finalTimer = nullptr; // child of the manager; deleteLater: it may be firing right now
        ~Stream();
    };

    void connectBackend(AsrBackend *backend);
    void onPartial(AsrBackend *from, const QString &sessionId, const QString &text);
    void onFinal(AsrBackend *from, const QString &sessionId, const QString &text, double confidence);
    void onFailed(AsrBackend *from, const QString &sessionId, const QString &message);
    void switchToFallback(const QString &sessionId, const QString &reason);
    void armFinalTimer(const QString &sessionId, Stream &stream);
    void fail(const QString &sessionId, const QString &message);
    void markFailed(const QString &sessionId);

    QPointer<AsrBackend> primary_;
    QPointer<AsrBackend> fallback_;
    int finalTimeoutMs_;
    qsizetype maxUtteranceBytes_;
    QHash<QString, std::shared_ptr<Stream>> streams_;
    // Streams this manager failed: the caller's audio still in flight for them is dropped quietly.
    QSet<QString> failed_;
};

} // namespace spk::server::pipeline
