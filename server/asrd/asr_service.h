#pragma once
// spk-asrd's gRPC service: pocketsphinx behind asr.proto's SpeechRecognizer. Each Recognize call
// takes a decoder for its utterance (waits up to decoderWaitMs, else RESOURCE_EXHAUSTED) and runs on
// a gRPC server thread, so the number of decoders bounds the parallel utterances.
#include "server/pipeline/asr/pocketsphinx_decoders.h"
#include "server/pipeline/asr/proto/asr.grpc.pb.h"

#include <QString>

#include <grpcpp/grpcpp.h>

#include <memory>

namespace spk::server::pipeline {

class AsrService final : public spk::asr::v1::SpeechRecognizer::Service
{
public:
    AsrService(std::shared_ptr<PocketsphinxDecoders> decoders, int partialIntervalMs = 300,
               int maxUtteranceMs = 30000, int decoderWaitMs = 5000);

    grpc::Status
    Recognize(grpc::ServerContext *context,
              grpc::ServerReaderWriter<spk::asr::v1::Transcript, spk::asr::v1::AudioChunk> *stream) override;

private:
    std::shared_ptr<PocketsphinxDecoders> decoders_;
    int partialIntervalSamples_;
    qint64 maxUtteranceSamples_;
    int decoderWaitMs_;
};

// The service on a listening gRPC server.
class AsrServer
{
public:
    explicit AsrServer(std::shared_ptr<PocketsphinxDecoders> decoders);
    ~AsrServer();
    // address "127.0.0.1:50061" (port 0 = any free port, see port()).
    bool start(const QString &address, QString *error);
    int port() const { return port_; }
    void wait();
    void shutdown();

private:
    AsrService service_;
    std::unique_ptr<grpc::Server> server_;
    int port_ = 0;
};

} // namespace spk::server::pipeline
