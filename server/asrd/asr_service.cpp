#include "server/asrd/asr_service.h"

#include "server/pipeline/pipeline_logging.h"

namespace spk::server::pipeline {

namespace {

// Returns the decoder to the pool however Recognize ends.
class DecoderLease
{
public:
    DecoderLease(PocketsphinxDecoders &decoders, int waitMs)
        : m_decoders(decoders), m_index(decoders.checkout(waitMs))
    {
    }
    ~DecoderLease()
    {
        if (m_index >= 0)
            m_decoders.checkin(m_index);
    }
    int index() const { return m_index; }

private:
    PocketsphinxDecoders &m_decoders;
    int m_index;
};

grpc::Status invalid(const QString &why)
{
    return grpc::Status(grpc::INVALID_ARGUMENT, why.toStdString());
}

} // namespace

AsrService::AsrService(std::shared_ptr<PocketsphinxDecoders> decoders, int partialIntervalMs,
                       int maxUtteranceMs, int decoderWaitMs)
    : m_decoders(std::move(decoders)), m_partialIntervalSamples(partialIntervalMs * 16),
      m_maxUtteranceSamples(qint64(maxUtteranceMs) * 16), m_decoderWaitMs(decoderWaitMs)
{
}

grpc::Status
AsrService::Recognize(grpc::ServerContext *context,
                      grpc::ServerReaderWriter<spk::asr::v1::Transcript, spk::asr::v1::AudioChunk> *stream)
{
    DecoderLease lease(*m_decoders, m_decoderWaitMs);
    if (lease.index() < 0)
        return grpc::Status(grpc::RESOURCE_EXHAUSTED, "all decoders are busy");
    PocketsphinxUtterance utterance(m_decoders->decoder(lease.index()), m_decoders->lmSearch());
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
        if (samples > m_maxUtteranceSamples)
            return grpc::Status(grpc::OUT_OF_RANGE, "utterance too long");
        if (!utterance.process(reinterpret_cast<const qint16 *>(pcm.data()), count, &error))
            return grpc::Status(grpc::INTERNAL, error.toStdString());
        sinceHypothesis += count;
        if (sinceHypothesis >= m_partialIntervalSamples) {
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

AsrServer::AsrServer(std::shared_ptr<PocketsphinxDecoders> decoders) : m_service(std::move(decoders)) {}

AsrServer::~AsrServer()
{
    shutdown();
}

bool AsrServer::start(const QString &address, QString *error)
{
    grpc::ServerBuilder builder;
    builder.AddListeningPort(address.toStdString(), grpc::InsecureServerCredentials(), &m_port);
    builder.RegisterService(&m_service);
    m_server = builder.BuildAndStart();
    if (!m_server || m_port == 0) {
        *error = QStringLiteral("cannot listen on %1").arg(address);
        m_server.reset();
        return false;
    }
    qCInfo(lcPipelineAsr) << "spk-asrd listening on port" << m_port;
    return true;
}

void AsrServer::wait()
{
    if (m_server)
        m_server->Wait();
}

void AsrServer::shutdown()
{
    if (m_server) {
        m_server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
        m_server.reset();
    }
}

} // namespace spk::server::pipeline
