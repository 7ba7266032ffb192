#include "server/pipeline/tts/null_tts_backend.h"

#include <QtMath>

#include <cstdint>

namespace spk::server::pipeline {

NullTtsBackend::NullTtsBackend(QObject *parent) : TtsBackend(parent)
{
    const int samples = kOutputRate * kDurationMs / 1000;
    pcm_.resize(samples * int(sizeof(std::int16_t)));
    auto *out = reinterpret_cast<std::int16_t *>(pcm_.data());
    for (int i = 0; i < samples; ++i)
        out[i] = std::int16_t(3000.0 * qSin(2.0 * M_PI * 440.0 * i / kOutputRate));
}

void NullTtsBackend::synthesize(const QString &requestId, const QString &text, const QString &)
{
    if (text.trimmed().isEmpty() || text.size() > kMaxTextChars)
        return failLater(requestId,
                         QStringLiteral("text is empty or longer than %1 characters").arg(kMaxTextChars));
    pending_.insert(requestId);
    QMetaObject::invokeMethod(
        this,
        [this, requestId] {
            if (!pending_.remove(requestId))
                return; // cancelled
            emit audioChunk(requestId, pcm_);
            emit finished(requestId);
        },
        Qt::QueuedConnection);
}

void NullTtsBackend::cancel(const QString &requestId)
{
    pending_.remove(requestId);
}

} // namespace spk::server::pipeline
