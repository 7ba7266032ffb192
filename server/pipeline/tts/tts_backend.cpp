#include "server/pipeline/tts/tts_backend.h"

#include "server/pipeline/pipeline_logging.h"

namespace spk::server::pipeline {

void TtsBackend::failLater(const QString &requestId, const QString &message)
{
    qCWarning(lcPipelineTts) << name() << "request" << requestId << message;
    QMetaObject::invokeMethod(
        this, [this, requestId, message] { emit failed(requestId, message); }, Qt::QueuedConnection);
}

} // namespace spk::server::pipeline
