#pragma once
// Speaks a session's sentences in order on one TtsBackend: the dialogue stage emits sentences as they
// are ready, the bridge enqueues them here and gets one ordered 16 kHz PCM stream per session.
// A sentence that fails is reported and skipped; the next one still plays.
#include "server/pipeline/tts/tts_backend.h"

#include <QHash>
#include <QPointer>

#include <deque>

namespace spk::server::pipeline {

class SpeechQueue : public QObject
{
    Q_OBJECT
public:
    explicit SpeechQueue(TtsBackend *tts, QObject *parent = nullptr);
    ~SpeechQueue() override;

    void enqueue(const QString &sessionId, const QString &text, const QString &voice = {});
    void cancel(const QString &sessionId); // drops queued sentences and stops the current one
    bool isIdle(const QString &sessionId) const { return !sessions_.contains(sessionId); }

signals:
    void audio(const QString &sessionId, const QByteArray &pcm16k);
    void sentenceFailed(const QString &sessionId, const QString &text, const QString &message);
    // Everything enqueued so far has been synthesized.
    void drained(const QString &sessionId);

private:
    struct Item
    {
        QString text;
        QString voice;
    };
    struct Session
    {
        std::deque<Item> queue;
        QString currentRequest;
        QString currentText;
    };
    void startNext(const QString &sessionId);
    QString sessionOf(const QString &requestId) const;
    void onDone(const QString &requestId, const QString &error);

    QPointer<TtsBackend> tts_;
    QHash<QString, Session> sessions_;
    QHash<QString, QString> requestToSession_;
    quint64 next_ = 0;
};

} // namespace spk::server::pipeline
