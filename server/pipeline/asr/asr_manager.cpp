#include "server/pipeline/asr/asr_manager.h"

#include "server/pipeline/pipeline_logging.h"

#include <QTimer>

namespace spk::server::pipeline {

AsrManager::Stream::~Stream()
{
    if (finalTimer) {
        finalTimer->stop();
        finalTimer->deleteLater();
    }
}

AsrManager::AsrManager(AsrBackend *primary, AsrBackend *fallback, int finalTimeoutMs, int maxUtteranceMs,
                       QObject *parent)
    : AsrBackend(parent), m_primary(primary), m_fallback(fallback), m_finalTimeoutMs(finalTimeoutMs),
      m_maxUtteranceBytes(qsizetype(maxUtteranceMs) * 32) // 16 kHz x 2 bytes
{
    connectBackend(primary);
    connectBackend(fallback);
}

AsrManager::~AsrManager()
{
    const QStringList ids = m_streams.keys();
    for (const QString &id : ids)
        cancel(id);
}

QString AsrManager::name() const
{
    QString n = m_primary ? m_primary->name() : QStringLiteral("none");
    if (m_fallback)
        n += QLatin1Char('>') + m_fallback->name();
    return n;
}

bool AsrManager::healthy() const
{
    return (m_primary && m_primary->healthy()) || (m_fallback && m_fallback->healthy());
}

void AsrManager::connectBackend(AsrBackend *backend)
{
    if (!backend)
        return;
    connect(backend, &AsrBackend::partialTranscript, this,
            [this, backend](const QString &id, const QString &text) { onPartial(backend, id, text); });
    connect(
        backend, &AsrBackend::finalTranscript, this,
        [this, backend](const QString &id, const QString &text, double c) { onFinal(backend, id, text, c); });
    connect(backend, &AsrBackend::streamFailed, this,
            [this, backend](const QString &id, const QString &message) { onFailed(backend, id, message); });
}

void AsrManager::startStream(const QString &sessionId, const AsrStreamOptions &options)
{
    if (sessionId.isEmpty())
        return failLater(sessionId, QStringLiteral("empty session id"));
    if (m_streams.contains(sessionId))
        return failLater(sessionId, QStringLiteral("stream already active"));
    m_failed.remove(sessionId);
    auto stream = std::make_shared<Stream>();
    stream->options = options;
    if (m_primary && m_primary->healthy()) {
        stream->active = m_primary;
    } else if (m_fallback && m_fallback->healthy()) {
        stream->active = m_fallback;
        stream->onFallback = true;
        qCInfo(lcPipelineAsr) << "session" << sessionId << "primary unhealthy, using" << m_fallback->name();
    } else {
        return failLater(sessionId, QStringLiteral("no healthy speech recognizer"));
    }
    m_streams.insert(sessionId, stream);
    stream->active->startStream(sessionId, options);
}

void AsrManager::feed(const QString &sessionId, const QByteArray &pcm)
{
    auto it = m_streams.find(sessionId);
    if (it == m_streams.end())
        return m_failed.contains(sessionId) ? void()
                                            : failLater(sessionId, QStringLiteral("no active stream"));
    Stream &stream = **it;
    if (stream.finished)
        return fail(sessionId, QStringLiteral("audio after end of speech"));
    if (!isWholeSamples(pcm))
        return fail(sessionId, QStringLiteral("PCM chunk is not whole 16-bit samples"));
    stream.bytes += pcm.size();
    if (stream.bytes > m_maxUtteranceBytes)
        return fail(sessionId, QStringLiteral("utterance longer than %1 s").arg(m_maxUtteranceBytes / 32000));
    if (!stream.onFallback && m_fallback) // only a fallback still to come needs the replay
        stream.audio.append(pcm);
    stream.active->feed(sessionId, pcm);
}

void AsrManager::finish(const QString &sessionId)
{
    auto it = m_streams.find(sessionId);
    if (it == m_streams.end())
        return m_failed.contains(sessionId) ? void()
                                            : failLater(sessionId, QStringLiteral("no active stream"));
    Stream &stream = **it;
    if (stream.finished)
        return;
    stream.finished = true;
    stream.active->finish(sessionId);
    armFinalTimer(sessionId, stream);
}

void AsrManager::cancel(const QString &sessionId)
{
    std::shared_ptr<Stream> stream = m_streams.take(sessionId);
    if (stream && stream->active)
        stream->active->cancel(sessionId);
}

QString AsrManager::activeBackend(const QString &sessionId) const
{
    const auto stream = m_streams.value(sessionId);
    return stream && stream->active ? stream->active->name() : QString();
}

void AsrManager::armFinalTimer(const QString &sessionId, Stream &stream)
{
    if (!stream.finalTimer) {
        stream.finalTimer = new QTimer(this);
        stream.finalTimer->setSingleShot(true);
        QObject::connect(stream.finalTimer, &QTimer::timeout, this, [this, sessionId] {
            auto it = m_streams.find(sessionId);
            if (it == m_streams.end())
                return;
            const QString from = (*it)->active ? (*it)->active->name() : QString();
            (*it)->active->cancel(sessionId);
            const int waited = (*it)->finalTimer->interval();
            onFailed((*it)->active, sessionId,
                     QStringLiteral("%1 gave no transcript within %2 ms").arg(from).arg(waited));
        });
    }
    stream.finalTimer->start(stream.onFallback && m_primary ? 3 * m_finalTimeoutMs : m_finalTimeoutMs);
}

void AsrManager::onPartial(AsrBackend *from, const QString &sessionId, const QString &text)
{
    const auto stream = m_streams.value(sessionId);
    if (stream && stream->active == from)
        emit partialTranscript(sessionId, text);
}

void AsrManager::onFinal(AsrBackend *from, const QString &sessionId, const QString &text, double confidence)
{
    const auto stream = m_streams.value(sessionId);
    if (!stream || stream->active != from)
        return;
    m_streams.remove(sessionId);
    emit finalTranscript(sessionId, text, confidence);
}

void AsrManager::onFailed(AsrBackend *from, const QString &sessionId, const QString &message)
{
    const auto stream = m_streams.value(sessionId);
    if (!stream || stream->active != from)
        return;
    qCWarning(lcPipelineAsr) << "session" << sessionId << from->name() << "failed:" << message;
    if (!stream->onFallback && m_fallback && m_fallback != from)
        return switchToFallback(sessionId, message);
    m_streams.remove(sessionId);
    markFailed(sessionId);
    emit streamFailed(sessionId, message);
}

void AsrManager::switchToFallback(const QString &sessionId, const QString &reason)
{
    const auto stream = m_streams.value(sessionId);
    AsrBackend *from = stream->active;
    stream->active = m_fallback;
    stream->onFallback = true;
    if (stream->finalTimer)
        stream->finalTimer->stop();
    emit backendSwitched(sessionId, from->name(), m_fallback->name(), reason);
    m_fallback->startStream(sessionId, stream->options);
    if (!stream->audio.isEmpty())
        m_fallback->feed(sessionId, stream->audio);
    if (stream->finished) {
        m_fallback->finish(sessionId);
        armFinalTimer(sessionId, *stream);
    }
}

void AsrManager::fail(const QString &sessionId, const QString &message)
{
    cancel(sessionId);
    markFailed(sessionId);
    failLater(sessionId, message);
}

void AsrManager::markFailed(const QString &sessionId)
{
    if (m_failed.size() > 4096) // bounded: ids of long-gone sessions are not worth keeping
        m_failed.clear();
    m_failed.insert(sessionId);
}

} // namespace spk::server::pipeline
