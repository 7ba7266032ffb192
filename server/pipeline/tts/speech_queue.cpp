#include "server/pipeline/tts/speech_queue.h"

namespace spk::server::pipeline {

SpeechQueue::SpeechQueue(TtsBackend *tts, QObject *parent) : QObject(parent), m_tts(tts)
{
    connect(tts, &TtsBackend::audioChunk, this, [this](const QString &requestId, const QByteArray &pcm) {
        const QString session = m_requestToSession.value(requestId);
        if (!session.isEmpty())
            emit audio(session, pcm);
    });
    connect(tts, &TtsBackend::finished, this, [this](const QString &requestId) { onDone(requestId, {}); });
    connect(tts, &TtsBackend::failed, this,
            [this](const QString &requestId, const QString &message) { onDone(requestId, message); });
}

SpeechQueue::~SpeechQueue()
{
    const QStringList ids = m_sessions.keys();
    for (const QString &id : ids)
        cancel(id);
}

void SpeechQueue::enqueue(const QString &sessionId, const QString &text, const QString &voice)
{
    Session &session = m_sessions[sessionId];
    session.queue.push_back(Item{text, voice});
    if (session.currentRequest.isEmpty())
        startNext(sessionId);
}

void SpeechQueue::cancel(const QString &sessionId)
{
    const Session session = m_sessions.take(sessionId);
    if (!session.currentRequest.isEmpty()) {
        m_requestToSession.remove(session.currentRequest);
        if (m_tts)
            m_tts->cancel(session.currentRequest);
    }
}

void SpeechQueue::startNext(const QString &sessionId)
{
    Session &session = m_sessions[sessionId];
    if (session.queue.empty()) {
        m_sessions.remove(sessionId);
        emit drained(sessionId);
        return;
    }
    const Item item = session.queue.front();
    session.queue.pop_front();
    session.currentRequest = QStringLiteral("%1#tts%2").arg(sessionId).arg(++m_next);
    session.currentText = item.text;
    m_requestToSession.insert(session.currentRequest, sessionId);
    m_tts->synthesize(session.currentRequest, item.text, item.voice);
}

void SpeechQueue::onDone(const QString &requestId, const QString &error)
{
    const QString sessionId = m_requestToSession.take(requestId);
    if (sessionId.isEmpty() || !m_sessions.contains(sessionId))
        return;
    Session &session = m_sessions[sessionId];
    const QString text = session.currentText;
    session.currentRequest.clear();
    session.currentText.clear();
    if (!error.isEmpty())
        emit sentenceFailed(sessionId, text, error);
    if (m_sessions.contains(sessionId)) // a slot may have cancelled the session
        startNext(sessionId);
}

} // namespace spk::server::pipeline
