#include "server/pipeline/tts/speech_queue.h"

namespace spk::server::pipeline {

SpeechQueue::SpeechQueue(TtsBackend *tts, QObject *parent) : QObject(parent), tts_(tts)
{
    connect(tts, &TtsBackend::audioChunk, this, [this](const QString &requestId, const QByteArray &pcm) {
        const QString session = requestToSession_.value(requestId);
        if (!session.isEmpty())
            emit audio(session, pcm);
    });
    connect(tts, &TtsBackend::finished, this, [this](const QString &requestId) { onDone(requestId, {}); });
    connect(tts, &TtsBackend::failed, this,
            [this](const QString &requestId, const QString &message) { onDone(requestId, message); });
}

SpeechQueue::~SpeechQueue()
{
    const QStringList ids = sessions_.keys();
    for (const QString &id : ids)
        cancel(id);
}

void SpeechQueue::enqueue(const QString &sessionId, const QString &text, const QString &voice)
{
    Session &session = sessions_[sessionId];
    session.queue.push_back(Item{text, voice});
    if (session.currentRequest.isEmpty())
        startNext(sessionId);
}

void SpeechQueue::cancel(const QString &sessionId)
{
    const Session session = sessions_.take(sessionId);
    if (!session.currentRequest.isEmpty()) {
        requestToSession_.remove(session.currentRequest);
        if (tts_)
            tts_->cancel(session.currentRequest);
    }
}

void SpeechQueue::startNext(const QString &sessionId)
{
    Session &session = sessions_[sessionId];
    if (session.queue.empty()) {
        sessions_.remove(sessionId);
        emit drained(sessionId);
        return;
    }
    const Item item = session.queue.front();
    session.queue.pop_front();
    session.currentRequest = QStringLiteral("%1#tts%2").arg(sessionId).arg(++next_);
    session.currentText = item.text;
    requestToSession_.insert(session.currentRequest, sessionId);
    tts_->synthesize(session.currentRequest, item.text, item.voice);
}

void SpeechQueue::onDone(const QString &requestId, const QString &error)
{
    const QString sessionId = requestToSession_.take(requestId);
    if (sessionId.isEmpty() || !sessions_.contains(sessionId))
        return;
    Session &session = sessions_[sessionId];
    const QString text = session.currentText;
    session.currentRequest.clear();
    session.currentText.clear();
    if (!error.isEmpty())
        emit sentenceFailed(sessionId, text, error);
    if (sessions_.contains(sessionId)) // a slot may have cancelled the session
        startNext(sessionId);
}

} // namespace spk::server::pipeline
