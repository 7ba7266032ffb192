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
    std::shared_ptr<PocketsphinxDecoders> m_decoders;
    int m_partialIntervalSamples;
    qint64 m_maxUtteranceSamples;
    int m_decoderWaitMs;
};

// The service on a listening gRPC server.
class AsrServer
{
public:
    explicit AsrServer(std::shared_ptr<PocketsphinxDecoders> decoders);
    ~AsrServer();
    // address "127.0.0.1:50061" (port 0 = any free port, see port()).
    bool start(const QString &address, QString *error);
    int port() const { return m_port; }
    void wait();
    void shutdown();

private:
    AsrService m_service;
    std::unique_ptr<grpc::Server> m_server;
    int m_port = 0;
};

} // namespace spk::server::pipeline
