#include "server/pipeline/asr/grpc_asr_backend.h"

#include "server/pipeline/asr/proto/asr.grpc.pb.h"
#include "server/pipeline/pipeline_logging.h"

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>

namespace spk::server::pipeline {

namespace {

// One Recognize call. gRPC calls its On* methods on its own threads; results go to the backend's
// thread by queued invocation. It deletes itself in OnDone, after telling the backend.
class RecognizeCall : public grpc::ClientBidiReactor<spk::asr::v1::AudioChunk, spk::asr::v1::Transcript>
{
public:
    RecognizeCall(GrpcAsrBackend *backend, GrpcAsrBackend::Impl *impl, QString sessionId, quint64 id)
        : m_backend(backend), m_impl(impl), m_sessionId(std::move(sessionId)), m_id(id)
    {
    }

    grpc::ClientContext context;

    void begin(spk::asr::v1::SpeechRecognizer::Stub *stub)
    {
        stub->async()->Recognize(&context, this);
        StartRead(&m_reading);
        StartCall();
    }

    void write(spk::asr::v1::AudioChunk chunk)
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_writesDone)
            return;
        m_outbox.push_back(std::move(chunk));
        if (!m_writing)
            writeNextLocked();
    }

    void endAudio()
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_endQueued)
            return;
        m_endQueued = true;
        spk::asr::v1::AudioChunk last;
        last.set_end(true);
        m_outbox.push_back(std::move(last));
        if (!m_writing)
            writeNextLocked();
    }

    void OnWriteDone(bool ok) override
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_writing = false;
        if (!ok) {
            m_writesDone = true; // the call is failing; OnDone reports why
            return;
        }
        writeNextLocked();
    }

    void OnReadDone(bool ok) override;
    void OnDone(const grpc::Status &status) override;

private:
    void writeNextLocked()
    {
        if (!m_outbox.empty()) {
            m_current = std::move(m_outbox.front());
            m_outbox.pop_front();
            m_writing = true;
            StartWrite(&m_current);
        } else if (m_endQueued && !m_writesDone) {
            m_writesDone = true;
            StartWritesDone();
        }
    }

    GrpcAsrBackend *m_backend;
    GrpcAsrBackend::Impl *m_impl;
    QString m_sessionId;
    quint64 m_id;
    std::mutex m_mutex;
    std::deque<spk::asr::v1::AudioChunk> m_outbox;
    spk::asr::v1::AudioChunk m_current;
    spk::asr::v1::Transcript m_reading;
    bool m_writing = false;
    bool m_endQueued = false;
    bool m_writesDone = false;
};

} // namespace

struct GrpcAsrBackend::Impl
{
    GrpcAsrConfig config;
    std::shared_ptr<grpc::Channel> channel;
    std::unique_ptr<spk::asr::v1::SpeechRecognizer::Stub> stub;
    struct Stream
    {
        RecognizeCall *call = nullptr;
        quint64 id = 0;
        AsrStreamOptions options;
        bool first = true;
    };
    QHash<QString, Stream> streams; // backend thread only
    quint64 nextId = 0;
    // Calls still owned by gRPC (until OnDone): the destructor waits for them.
    std::mutex liveMutex;
    std::condition_variable liveChanged;
    int live = 0;
};

void RecognizeCall::OnReadDone(bool ok)
{
    if (!ok)
        return; // the server finished; OnDone follows
    GrpcAsrBackend *backend = m_backend;
    const QString session = m_sessionId;
    const quint64 id = m_id;
    const QString text = QString::fromStdString(m_reading.text());
    const bool isFinal = m_reading.is_final();
    const double confidence = m_reading.confidence();
    QMetaObject::invokeMethod(
        backend, [=] { backend->onTranscript(session, id, text, isFinal, confidence); },
        Qt::QueuedConnection);
    StartRead(&m_reading);
}

void RecognizeCall::OnDone(const grpc::Status &status)
{
    GrpcAsrBackend *backend = m_backend;
    GrpcAsrBackend::Impl *impl = m_impl;
    const QString session = m_sessionId;
    const quint64 id = m_id;
    const int code = int(status.error_code());
    const QString message = QString::fromStdString(status.error_message());
    QMetaObject::invokeMethod(
        backend, [=] { backend->onCallDone(session, id, code, message); }, Qt::QueuedConnection);
    delete this;
    {
        std::lock_guard<std::mutex> lock(impl->liveMutex);
        --impl->live;
    }
    impl->liveChanged.notify_all();
}

GrpcAsrBackend::GrpcAsrBackend(const GrpcAsrConfig &config, int unhealthyBackoffMs, QObject *parent)
    : AsrBackend(parent), d(std::make_unique<Impl>()), m_health(unhealthyBackoffMs)
{
    d->config = config;
    d->channel = grpc::CreateChannel(config.target.toStdString(), grpc::InsecureChannelCredentials());
    d->stub = spk::asr::v1::SpeechRecognizer::NewStub(d->channel);
}

GrpcAsrBackend::~GrpcAsrBackend()
{
    for (const Impl::Stream &s : std::as_const(d->streams))
        s.call->context.TryCancel();
    d->streams.clear();
    std::unique_lock<std::mutex> lock(d->liveMutex);
    d->liveChanged.wait(lock, [this] { return d->live == 0; });
}

bool GrpcAsrBackend::healthy() const
{
    // A channel in TRANSIENT_FAILURE has just failed to connect; otherwise trust recent results.
    return m_health.healthy() && d->channel->GetState(false) != GRPC_CHANNEL_TRANSIENT_FAILURE;
}

void GrpcAsrBackend::startStream(const QString &sessionId, const AsrStreamOptions &options)
{
    if (sessionId.isEmpty())
        return failLater(sessionId, QStringLiteral("empty session id"));
    if (d->streams.contains(sessionId))
        return failLater(sessionId, QStringLiteral("stream already active"));
    Impl::Stream stream;
    stream.id = ++d->nextId;
    stream.options = options;
    stream.call = new RecognizeCall(this, d.get(), sessionId, stream.id);
    // The stream lives at most the longest utterance plus the time-out (the manager's final
    // time-out usually fires first).
    stream.call->context.set_deadline(std::chrono::system_clock::now() +
                                      std::chrono::milliseconds(60000 + d->config.timeoutMs));
    {
        std::lock_guard<std::mutex> lock(d->liveMutex);
        ++d->live;
    }
    d->streams.insert(sessionId, stream);
    stream.call->begin(d->stub.get());
}

void GrpcAsrBackend::feed(const QString &sessionId, const QByteArray &pcm)
{
    auto it = d->streams.find(sessionId);
    if (it == d->streams.end())
        return failLater(sessionId, QStringLiteral("no active stream"));
    if (!isWholeSamples(pcm)) {
        cancel(sessionId);
        return failLater(sessionId, QStringLiteral("PCM chunk is not whole 16-bit samples"));
    }
    spk::asr::v1::AudioChunk chunk;
    chunk.set_pcm(pcm.constData(), size_t(pcm.size()));
    if (it->first) {
        chunk.set_session_id(sessionId.toStdString());
        chunk.set_language(it->options.language.toStdString());
        it->first = false;
    }
    it->call->write(std::move(chunk));
}

void GrpcAsrBackend::finish(const QString &sessionId)
{
    auto it = d->streams.find(sessionId);
    if (it == d->streams.end())
        return failLater(sessionId, QStringLiteral("no active stream"));
    it->call->endAudio();
}

void GrpcAsrBackend::cancel(const QString &sessionId)
{
    auto it = d->streams.find(sessionId);
    if (it == d->streams.end())
        return;
    it->call->context.TryCancel(); // OnDone still runs and frees the call
    d->streams.erase(it);
}

void GrpcAsrBackend::onTranscript(const QString &sessionId, quint64 callId, const QString &text, bool isFinal,
                                  double confidence)
{
    auto it = d->streams.find(sessionId);
    if (it == d->streams.end() || it->id != callId)
        return;
    if (!isFinal) {
        if (it->options.partials)
            emit partialTranscript(sessionId, text);
        return;
    }
    d->streams.erase(it); // the call finishes by itself after the final transcript
    m_health.reportSuccess();
    emit finalTranscript(sessionId, text.simplified(), confidence);
}

void GrpcAsrBackend::onCallDone(const QString &sessionId, quint64 callId, int code, const QString &message)
{
    auto it = d->streams.find(sessionId);
    if (it == d->streams.end() || it->id != callId)
        return; // finished with a final transcript, or cancelled
    d->streams.erase(it);
    const auto status = grpc::StatusCode(code);
    const QString why = code == grpc::OK
                            ? QStringLiteral("spk-asrd ended the stream without a final transcript")
                            : QStringLiteral("spk-asrd: %1 (gRPC status %2)").arg(message).arg(code);
    if (status == grpc::UNAVAILABLE || status == grpc::DEADLINE_EXCEEDED ||
        status == grpc::RESOURCE_EXHAUSTED || status == grpc::UNIMPLEMENTED)
        m_health.reportFailure(why);
    qCWarning(lcPipelineAsr) << "grpc session" << sessionId << why;
    emit streamFailed(sessionId, why);
}

} // namespace spk::server::pipeline
