#include "server/asrd/asr_service.h"

#include "server/pipeline/pipeline_logging.h"

namespace spk::server::pipeline {

namespace {

// Returns the decoder to the pool however Recognize ends.
class DecoderLease
{
public:
    DecoderLease(PocketsphinxDecoders &decoders, int waitMs)
        : decoders_(decoders), index_(decoders.checkout(waitMs))
    {
    }
    ~DecoderLease()
    {
        if (index_ >= 0)
            decoders_.checkin(index_);
    }
    int index() const { return index_; }

private:
    PocketsphinxDecoders &decoders_;
    int index_;
};

grpc::Status invalid(const QString &why)
{
    return grpc::Status(grpc::INVALID_ARGUMENT, why.toStdString());
}

} // namespace

AsrService::AsrService(std::shared_ptr<PocketsphinxDecoders> decoders, int partialIntervalMs,
                       int maxUtteranceMs, int decoderWaitMs)
    : decoders_(std::move(decoders)), partialIntervalSamples_(partialIntervalMs * 16),
      maxUtteranceSamples_(qint64(maxUtteranceMs) * 16), decoderWaitMs_(decoderWaitMs)
{
}

grpc::Status
AsrService::Recognize(grpc::ServerContext *context,
                      grpc::ServerReaderWriter<spk::asr::v1::Transcript, spk::asr::v1::AudioChunk> *stream)
{
    DecoderLease lease(*decoders_, decoderWaitMs_);
    if (lease.index() < 0)
        return grpc::Status(grpc::RESOURCE_EXHAUSTED, "all decoders are busy");
    PocketsphinxUtterance utterance(decoders_->decoder(lease.index()), decoders_->lmSearch());
    QString error;
    if (!utterance.start(&error))
        return grpc::Status(grpc::INTERNAL, error.toStdString());

    std::string session;
    qint64 samples = 0;
    int sinceHypothesis = 0;
    QString lastHypothesis;
    spk::asr::v1::AudioChunk chunk;
    bool first = true;
    while (stream->Read(&chunk)) {
        if (context->IsCancelled())
            return grpc::Status::CANCELLED;
        if (first) {
            session = chunk.session_id();
            if (session.empty() || session.size() > 128)
                return invalid(QStringLiteral("the first chunk needs a session_id of 1..128 bytes"));
            const std::string &lang = chunk.language();
            if (!lang.empty() && lang.rfind("en", 0) != 0)
                return invalid(QStringLiteral("language '%1' is not supported (the model is English)")
                                   .arg(QString::fromStdString(lang)));
            first = false;
        } else if (!chunk.session_id().empty() && chunk.session_id() != session) {
            return invalid(QStringLiteral("session_id changed within the call"));
        }
        const std::string &pcm = chunk.pcm();
        if (pcm.size() % 2)
            return invalid(QStringLiteral("PCM chunk is not whole 16-bit samples"));
        const int count = int(pcm.size() / 2);
        samples += count;
        if (samples > maxUtteranceSamples_)
            return grpc::Status(grpc::OUT_OF_RANGE, "utterance too long");
        if (!utterance.process(reinterpret_cast<const qint16 *>(pcm.data()), count, &error))
            return grpc::Status(grpc::INTERNAL, error.toStdString());
        sinceHypothesis += count;
        if (sinceHypothesis >= partialIntervalSamples_) {
            sinceHypothesis = 0;
            const QString hyp = utterance.hypothesis();
            if (!hyp.isEmpty() && hyp != lastHypothesis) {
                lastHypothesis = hyp;
                spk::asr::v1::Transcript partial;
                partial.set_session_id(session);
                partial.set_text(hyp.toStdString());
                partial.set_is_final(false);
                partial.set_confidence(-1);
                stream->Write(partial);
            }
        }
        if (chunk.end())
            break;
    }
    if (first)
        return invalid(QStringLiteral("no audio"));
    QString text;
    double confidence = -1;
    if (!utterance.end(&text, &confidence, &error))
        return grpc::Status(grpc::INTERNAL, error.toStdString());
    spk::asr::v1::Transcript final;
    final.set_session_id(session);
    final.set_text(text.toStdString());
    final.set_is_final(true);
    final.set_confidence(float(confidence));
    stream->Write(final);
    return grpc::Status::OK;
}

AsrServer::AsrServer(std::shared_ptr<PocketsphinxDecoders> decoders) : service_(std::move(decoders)) {}

AsrServer::~AsrServer()
{
    shutdown();
}

bool AsrServer::start(const QString &address, QString *error)
{
    grpc::ServerBuilder builder;
    builder.AddListeningPort(address.toStdString(), grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    if (!server_ || port_ == 0) {
        *error = QStringLiteral("cannot listen on %1").arg(address);
        server_.reset();
        return false;
    }
    qCInfo(lcPipelineAsr) << "spk-asrd listening on port" << port_;
    return true;
}

void AsrServer::wait()
{
    if (server_)
        server_->Wait();
}

void AsrServer::shutdown()
{
    if (server_) {
        server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
        server_.reset();
    }
}

} // namespace spk::server::pipeline
