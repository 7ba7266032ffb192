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
    : AsrBackend(parent), primary_(primary), fallback_(fallback), finalTimeoutMs_(finalTimeoutMs),
      maxUtteranceBytes_(qsizetype(maxUtteranceMs) * 32) // 16 kHz x 2 bytes
{
    connectBackend(primary);
    connectBackend(fallback);
}

AsrManager::~AsrManager()
{
    const QStringList ids = streams_.keys();
    for (const QString &id : ids)
        cancel(id);
}

QString AsrManager::name() const
{
    QString n = primary_ ? primary_->name() : QStringLiteral("none");
    if (fallback_)
        n += QLatin1Char('>') + fallback_->name();
    return n;
}

bool AsrManager::healthy() const
{
    return (primary_ && primary_->healthy()) || (fallback_ && fallback_->healthy());
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
    if (streams_.contains(sessionId))
        return failLater(sessionId, QStringLiteral("stream already active"));
    failed_.remove(sessionId);
    auto stream = std::make_shared<Stream>();
    stream->options = options;
    if (primary_ && primary_->healthy()) {
        stream->active = primary_;
    } else if (fallback_ && fallback_->healthy()) {
        stream->active = fallback_;
        stream->onFallback = true;
        qCInfo(lcPipelineAsr) << "session" << sessionId << "primary unhealthy, using" << fallback_->name();
    } else {
        return failLater(sessionId, QStringLiteral("no healthy speech recognizer"));
    }
    streams_.insert(sessionId, stream);
    stream->active->startStream(sessionId, options);
}

void AsrManager::feed(const QString &sessionId, const QByteArray &pcm)
{
    auto it = streams_.find(sessionId);
    if (it == streams_.end())
        return failed_.contains(sessionId) ? void()
                                           : failLater(sessionId, QStringLiteral("no active stream"));
    Stream &stream = **it;
    if (stream.finished)
        return fail(sessionId, QStringLiteral("audio after end of speech"));
    if (!isWholeSamples(pcm))
        return fail(sessionId, QStringLiteral("PCM chunk is not whole 16-bit samples"));
    stream.bytes += pcm.size();
    if (stream.bytes > maxUtteranceBytes_)
        return fail(sessionId, QStringLiteral("utterance longer than %1 s").arg(maxUtteranceBytes_ / 32000));
    if (!stream.onFallback && fallback_) // only a fallback still to come needs the replay
        stream.audio.append(pcm);
    stream.active->feed(sessionId, pcm);
}

void AsrManager::finish(const QString &sessionId)
{
    auto it = streams_.find(sessionId);
    if (it == streams_.end())
        return failed_.contains(sessionId) ? void()
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
    std::shared_ptr<Stream> stream = streams_.take(sessionId);
    if (stream && stream->active)
        stream->active->cancel(sessionId);
}

QString AsrManager::activeBackend(const QString &sessionId) const
{
    const auto stream = streams_.value(sessionId);
    return stream && stream->active ? stream->active->name() : QString();
}

void AsrManager::armFinalTimer(const QString &sessionId, Stream &stream)
{
    if (!stream.finalTimer) {
        stream.finalTimer = new QTimer(this);
        stream.finalTimer->setSingleShot(true);
        QObject::connect(stream.finalTimer, &QTimer::timeout, this, [this, sessionId] {
            auto it = streams_.find(sessionId);
            if (it == streams_.end())
                return;
            const QString from = (*it)->active ? (*it)->active->name() : QString();
            (*it)->active->cancel(sessionId);
            const int waited = (*it)->finalTimer->interval();
            onFailed((*it)->active, sessionId,
                     QStringLiteral("%1 gave no transcript within %2 ms").arg(from).arg(waited));
        });
    }
    stream.finalTimer->start(stream.onFallback && primary_ ? 3 * finalTimeoutMs_ : finalTimeoutMs_);
}

void AsrManager::onPartial(AsrBackend *from, const QString &sessionId, const QString &text)
{
    const auto stream = streams_.value(sessionId);
    if (stream && stream->active == from)
        emit partialTranscript(sessionId, text);
}

void AsrManager::onFinal(AsrBackend *from, const QString &sessionId, const QString &text, double confidence)
{
    const auto stream = streams_.value(sessionId);
    if (!stream || stream->active != from)
        return;
    streams_.remove(sessionId);
    emit finalTranscript(sessionId, text, confidence);
}

void AsrManager::onFailed(AsrBackend *from, const QString &sessionId, const QString &message)
{
    const auto stream = streams_.value(sessionId);
    if (!stream || stream->active != from)
        return;
    qCWarning(lcPipelineAsr) << "session" << sessionId << from->name() << "failed:" << message;
    if (!stream->onFallback && fallback_ && fallback_ != from)
        return switchToFallback(sessionId, message);
    streams_.remove(sessionId);
    markFailed(sessionId);
    emit streamFailed(sessionId, message);
}

void AsrManager::switchToFallback(const QString &sessionId, const QString &reason)
{
    const auto stream = streams_.value(sessionId);
    AsrBackend *from = stream->active;
    stream->active = fallback_;
    stream->onFallback = true;
    if (stream->finalTimer)
        stream->finalTimer->stop();
    emit backendSwitched(sessionId, from->name(), fallback_->name(), reason);
    fallback_->startStream(sessionId, stream->options);
    if (!stream->audio.isEmpty())
        fallback_->feed(sessionId, stream->audio);
    if (stream->finished) {
        fallback_->finish(sessionId);
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
    if (failed_.size() > 4096) // bounded: ids of long-gone sessions are not worth keeping
        failed_.clear();
    failed_.insert(sessionId);
}

} // namespace spk::server::pipeline
