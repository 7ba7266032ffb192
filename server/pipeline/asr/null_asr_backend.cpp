#include "server/pipeline/asr/null_asr_backend.h"

namespace spk::server::pipeline {

void NullAsrBackend::startStream(const QString &sessionId, const AsrStreamOptions &)
{
    if (open_.contains(sessionId))
        return failLater(sessionId, QStringLiteral("stream already open"));
    open_.insert(sessionId);
}

void NullAsrBackend::feed(const QString &sessionId, const QByteArray &pcm16k)
{
    if (!open_.contains(sessionId))
        return failLater(sessionId, QStringLiteral("no open stream"));
    if (!isWholeSamples(pcm16k))
        failLater(sessionId, QStringLiteral("audio is not whole 16-bit samples"));
}

void NullAsrBackend::finish(const QString &sessionId)
{
    if (!open_.remove(sessionId))
        return failLater(sessionId, QStringLiteral("no open stream"));
    // Queued, as the interface promises: never a signal from inside the call.
    QMetaObject::invokeMethod(
        this, [this, sessionId] { emit finalTranscript(sessionId, QString::fromLatin1(kTranscript), 1.0); },
        Qt::QueuedConnection);
}

void NullAsrBackend::cancel(const QString &sessionId)
{
    open_.remove(sessionId);
}

} // namespace spk::server::pipeline
