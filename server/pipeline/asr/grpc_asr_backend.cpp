#include "server/pipeline/asr/grpc_asr_backend.h"

#include "server/pipeline/asr/proto/asr.grpc.pb.h"
#include "server/pipeline/pipeline_logging.h"

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>

namespace spk::server::pipeline {

namespace {

// One Recognize call. gRPC calls its On* methods on its own threads; results go to the backend's
// thread by queued invocation. Owned jointly by gRPC (a self-reference released in OnDone) and the
// backend's stream table: OnDone runs on a gRPC thread while the backend may still be feeding the
// stream, so the object outlives both, and once done it refuses further writes (StartWrite after
// OnDone is undefined; it crashed tst_pipeline_grpc now and then).
class RecognizeCall : public grpc::ClientBidiReactor<spk::asr::v1::AudioChunk, spk::asr::v1::Transcript>
{
public:
    RecognizeCall(GrpcAsrBackend *backend, GrpcAsrBackend::Impl *impl, QString sessionId, quint64 id)
        : backend_(backend), impl_(impl), sessionId_(std::move(sessionId)), id_(id)
    {
    }

    grpc::ClientContext context;

    // self: the shared pointer the backend holds; kept until OnDone.
    void begin(spk::asr::v1::SpeechRecognizer::Stub *stub, std::shared_ptr<RecognizeCall> self)
    {
        self_ = std::move(self);
        stub->async()->Recognize(&context, this);
        StartRead(&reading_);
        StartCall();
    }

    void write(spk::asr::v1::AudioChunk chunk)
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (writesDone_ || done_)
            return;
        outbox_.push_back(std::move(chunk));
        if (!writing_)
            writeNextLocked();
    }

    void endAudio()
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (endQueued_ || done_)
            return;
        endQueued_ = true;
        spk::asr::v1::AudioChunk last;
        last.set_end(true);
        outbox_.push_back(std::move(last));
        if (!writing_)
            writeNextLocked();
    }

    void OnWriteDone(bool ok) override
    {
        std::lock_guard<std::mutex> lock(mutex_);
        writing_ = false;
        if (!ok) {
            writesDone_ = true; // the call is failing; OnDone reports why
            return;
        }
        writeNextLocked();
    }

    void OnReadDone(bool ok) override;
    void OnDone(const grpc::Status &status) override;

private:
    void writeNextLocked()
    {
        if (!outbox_.empty()) {
            current_ = std::move(outbox_.front());
            outbox_.pop_front();
            writing_ = true;
            StartWrite(&current_);
        } else if (endQueued_ && !writesDone_) {
            writesDone_ = true;
            StartWritesDone();
        }
    }

    GrpcAsrBackend *backend_;
    GrpcAsrBackend::Impl *impl_;
    QString sessionId_;
    quint64 id_;
    std::mutex mutex_;
    std::deque<spk::asr::v1::AudioChunk> outbox_;
    spk::asr::v1::AudioChunk current_;
    spk::asr::v1::Transcript reading_;
    bool writing_ = false;
    bool endQueued_ = false;
    bool writesDone_ = false;
    bool done_ = false;                   // OnDone ran: no more writes
    std::shared_ptr<RecognizeCall> self_; // gRPC's share, released in OnDone
};

} // namespace

struct GrpcAsrBackend::Impl
{
    GrpcAsrConfig config;
    std::shared_ptr<grpc::Channel> channel;
    std::unique_ptr<spk::asr::v1::SpeechRecognizer::Stub> stub;
    struct Stream
    {
        std::shared_ptr<RecognizeCall> call;
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
    GrpcAsrBackend *backend = backend_;
    const QString session = sessionId_;
    const quint64 id = id_;
    const QString text = QString::fromStdString(reading_.text());
    const bool isFinal = reading_.is_final();
    const double confidence = reading_.confidence();
    QMetaObject::invokeMethod(
        backend, [=] { backend->onTranscript(session, id, text, isFinal, confidence); },
        Qt::QueuedConnection);
    StartRead(&reading_);
}

void RecognizeCall::OnDone(const grpc::Status &status)
{
    GrpcAsrBackend *backend = backend_;
    GrpcAsrBackend::Impl *impl = impl_;
    const QString session = sessionId_;
    const quint64 id = id_;
    const int code = int(status.error_code());
    const QString message = QString::fromStdString(status.error_message());
    QMetaObject::invokeMethod(
        backend, [=] { backend->onCallDone(session, id, code, message); }, Qt::QueuedConnection);
    std::shared_ptr<RecognizeCall> self;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        done_ = true;
        self = std::move(self_);
    }
    self.reset(); // may delete this (when the backend already dropped its share): touch no member after
    {
        std::lock_guard<std::mutex> lock(impl->liveMutex);
        --impl->live;
    }
    impl->liveChanged.notify_all();
}

GrpcAsrBackend::GrpcAsrBackend(const GrpcAsrConfig &config, int unhealthyBackoffMs, QObject *parent)
    : AsrBackend(parent), d_(std::make_unique<Impl>()), health_(unhealthyBackoffMs)
{
    d_->config = config;
    d_->channel = grpc::CreateChannel(config.target.toStdString(), grpc::InsecureChannelCredentials());
    d_->stub = spk::asr::v1::SpeechRecognizer::NewStub(d_->channel);
}

GrpcAsrBackend::~GrpcAsrBackend()
{
    for (const Impl::Stream &s : std::as_const(d_->streams))
        s.call->context.TryCancel();
    d_->streams.clear();
    std::unique_lock<std::mutex> lock(d_->liveMutex);
    d_->liveChanged.wait(lock, [this] { return d_->live == 0; });
}

bool GrpcAsrBackend::healthy() const
{
    // A channel in TRANSIENT_FAILURE has just failed to connect; otherwise trust recent results.
    return health_.healthy() && d_->channel->GetState(false) != GRPC_CHANNEL_TRANSIENT_FAILURE;
}

void GrpcAsrBackend::startStream(const QString &sessionId, const AsrStreamOptions &options)
{
    if (sessionId.isEmpty())
        return failLater(sessionId, QStringLiteral("empty session id"));
    if (d_->streams.contains(sessionId))
        return failLater(sessionId, QStringLiteral("stream already active"));
    Impl::Stream stream;
    stream.id = ++d_->nextId;
    stream.options = options;
    stream.call = std::make_shared<RecognizeCall>(this, d_.get(), sessionId, stream.id);
    // The stream lives at most the longest utterance plus the time-out (the manager's final
    // time-out usually fires first).
    stream.call->context.set_deadline(std::chrono::system_clock::now() +
                                      std::chrono::milliseconds(60000 + d_->config.timeoutMs));
    {
        std::lock_guard<std::mutex> lock(d_->liveMutex);
        ++d_->live;
    }
    d_->streams.insert(sessionId, stream);
    stream.call->begin(d_->stub.get(), stream.call);
}

void GrpcAsrBackend::feed(const QString &sessionId, const QByteArray &pcm)
{
    auto it = d_->streams.find(sessionId);
    if (it == d_->streams.end())
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
    auto it = d_->streams.find(sessionId);
    if (it == d_->streams.end())
        return failLater(sessionId, QStringLiteral("no active stream"));
    it->call->endAudio();
}

void GrpcAsrBackend::cancel(const QString &sessionId)
{
    auto it = d_->streams.find(sessionId);
    if (it == d_->streams.end())
        return;
    it->call->context.TryCancel(); // OnDone still runs and releases gRPC's share
    d_->streams.erase(it);
}

void GrpcAsrBackend::onTranscript(const QString &sessionId, quint64 callId, const QString &text, bool isFinal,
                                  double confidence)
{
    auto it = d_->streams.find(sessionId);
    if (it == d_->streams.end() || it->id != callId)
        return;
    if (!isFinal) {
        if (it->options.partials)
            emit partialTranscript(sessionId, text);
        return;
    }
    d_->streams.erase(it); // the call finishes by itself after the final transcript
    health_.reportSuccess();
    emit finalTranscript(sessionId, text.simplified(), confidence);
}

void GrpcAsrBackend::onCallDone(const QString &sessionId, quint64 callId, int code, const QString &message)
{
    auto it = d_->streams.find(sessionId);
    if (it == d_->streams.end() || it->id != callId)
        return; // finished with a final transcript, or cancelled
    d_->streams.erase(it);
    const auto status = grpc::StatusCode(code);
    const QString why = code == grpc::OK
                            ? QStringLiteral("spk-asrd ended the stream without a final transcript")
                            : QStringLiteral("spk-asrd: %1 (gRPC status %2)").arg(message).arg(code);
    if (status == grpc::UNAVAILABLE || status == grpc::DEADLINE_EXCEEDED ||
        status == grpc::RESOURCE_EXHAUSTED || status == grpc::UNIMPLEMENTED)
        health_.reportFailure(why);
    qCWarning(lcPipelineAsr) << "grpc session" << sessionId << why;
    emit streamFailed(sessionId, why);
}

} // namespace spk::server::pipeline
