#include "server/pipeline/asr/asr_backend.h"

#include "server/pipeline/pipeline_logging.h"

namespace spk::server::pipeline {

void AsrBackend::failLater(const QString &sessionId, const QString &message)
{
    qCWarning(lcPipelineAsr) << name() << "session" << sessionId << message;
    QMetaObject::invokeMethod(
        this, [this, sessionId, message] { emit streamFailed(sessionId, message); }, Qt::QueuedConnection);
}

} // namespace spk::server::pipeline
