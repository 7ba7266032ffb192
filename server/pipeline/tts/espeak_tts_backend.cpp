#include "server/pipeline/tts/espeak_tts_backend.h"

#include "server/pipeline/pipeline_logging.h"
#include "shared/media/pcm_bytes.h"
#include "shared/media/resampler.h"

#include <espeak-ng/speak_lib.h>

#include <mutex>

namespace spk::server::pipeline {

namespace {

std::mutex espeakMutex; // espeak-ng has one global engine per process
int espeakRate = 0;     // its output sample rate once initialized

// Synthesis context handed through espeak's user_data.
struct SynthJob
{
    EspeakTtsBackend *backend;
    QString requestId;
    media::Resampler resampler;
    QByteArray pending;
    bool aborted = false;
    SynthJob(EspeakTtsBackend *b, const QString &id, int rate)
        : backend(b), requestId(id), resampler(rate, 16000)
    {
    }

    void emitPending(bool force)
    {
        if (pending.isEmpty() || (!force && pending.size() < 3200)) // ~100 ms chunks
            return;
        const QByteArray chunk = pending;
        pending.clear();
        EspeakTtsBackend *b = backend;
        const QString id = requestId;
        QMetaObject::invokeMethod(
            b,
            [b, id, chunk] {
                if (!b->isCancelled(id))
                    emit b->audioChunk(id, chunk);
            },
            Qt::QueuedConnection);
    }
};

int synthCallback(short *wav, int samples, espeak_EVENT *events)
{
    auto *job = static_cast<SynthJob *>(events ? events->user_data : nullptr);
    if (!job)
        return 0;
    if (job->backend->isCancelled(job->requestId)) {
        job->aborted = true;
        return 1; // stop synthesis
    }
    if (wav && samples > 0) {
        job->pending += media::pcmToLe16(job->resampler.process(wav, std::size_t(samples)));
        job->emitPending(false);
    }
    return 0;
}

} // namespace

EspeakTtsBackend::EspeakTtsBackend(int rate, const QString &defaultVoice, QObject *parent)
    : TtsBackend(parent), rate_(rate), defaultVoice_(defaultVoice)
{
    {
        std::lock_guard<std::mutex> lock(espeakMutex);
        if (espeakRate <= 0) {
            espeakRate =
                espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 200, nullptr, espeakINITIALIZE_DONT_EXIT);
            if (espeakRate <= 0)
                qCWarning(lcPipelineTts) << "espeak-ng failed to initialize (espeak-ng-data missing?)";
        }
        sampleRate_ = espeakRate;
    }
    worker_ = new QObject;
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    thread_.setObjectName(QStringLiteral("espeak"));
    thread_.start();
}

EspeakTtsBackend::~EspeakTtsBackend()
{
    {
        QMutexLocker lock(&cancelMutex_);
        cancelled_.unite(pending_);
    }
    thread_.quit();
    thread_.wait();
}

bool EspeakTtsBackend::isCancelled(const QString &requestId) const
{
    QMutexLocker lock(&cancelMutex_);
    return cancelled_.contains(requestId);
}

void EspeakTtsBackend::synthesize(const QString &requestId, const QString &text, const QString &voice)
{
    if (!healthy())
        return failLater(requestId, QStringLiteral("espeak-ng is not available"));
    if (requestId.isEmpty() || pending_.contains(requestId))
        return failLater(requestId, requestId.isEmpty() ? QStringLiteral("empty request id")
                                                        : QStringLiteral("request already running"));
    if (text.trimmed().isEmpty() || text.size() > kMaxTextChars)
        return failLater(requestId, QStringLiteral("text must be 1..%1 characters").arg(kMaxTextChars));
    pending_.insert(requestId);
    {
        QMutexLocker lock(&cancelMutex_);
        cancelled_.remove(requestId);
    }
    const QString v = voice.isEmpty() ? defaultVoice_ : voice;
    QMetaObject::invokeMethod(
        worker_, [this, requestId, text, v] { run(requestId, text, v); }, Qt::QueuedConnection);
}

void EspeakTtsBackend::cancel(const QString &requestId)
{
    if (!pending_.remove(requestId))
        return;
    QMutexLocker lock(&cancelMutex_);
    cancelled_.insert(requestId);
}

void EspeakTtsBackend::run(const QString &requestId, const QString &text, const QString &voice)
{
    if (isCancelled(requestId))
        return;
    SynthJob job(this, requestId, sampleRate_);
    QString error;
    {
        std::lock_guard<std::mutex> lock(espeakMutex);
        espeak_SetSynthCallback(synthCallback);
        const QByteArray voiceName = voice.toUtf8();
        if (espeak_SetVoiceByName(voiceName.constData()) != EE_OK) {
            error = QStringLiteral("espeak-ng has no voice '%1'").arg(voice);
        } else {
            espeak_SetParameter(espeakRATE, rate_, 0);
            const QByteArray utf8 = text.toUtf8();
            const espeak_ERROR rc = espeak_Synth(utf8.constData(), size_t(utf8.size() + 1), 0, POS_CHARACTER,
                                                 0, espeakCHARS_UTF8, nullptr, &job);
            if (rc != EE_OK && !job.aborted)
                error = QStringLiteral("espeak-ng synthesis failed (%1)").arg(int(rc));
        }
    }
    if (job.aborted)
        return;
    job.pending += job.resampler.flushBytes();
    job.emitPending(true);
    QMetaObject::invokeMethod(
        this,
        [this, requestId, error] {
            if (!pending_.remove(requestId))
                return; // cancelled meanwhile
            if (error.isEmpty())
                emit finished(requestId);
            else
                emit failed(requestId, error);
        },
        Qt::QueuedConnection);
}

} // namespace spk::server::pipeline
