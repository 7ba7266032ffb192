#pragma once
// ASR through spk-asrd (or any server of asr/proto/asr.proto) over gRPC: one bidirectional stream
// per utterance, audio chunks written as they arrive, partial and final transcripts read back.
// Uses gRPC's callback API, so no thread per stream; results are marshalled onto this object's thread.
#include "server/core/pipeline_config.h"
#include "server/pipeline/asr/asr_backend.h"
#include "server/pipeline/common/health_tracker.h"

#include <QHash>

#include <memory>

namespace spk::server::pipeline {

class GrpcAsrBackend : public AsrBackend
{
    Q_OBJECT
public:
    GrpcAsrBackend(const GrpcAsrConfig &config, int unhealthyBackoffMs, QObject *parent = nullptr);
    ~GrpcAsrBackend() override; // cancels open streams and waits for gRPC to release them

    QString name() const override { return QStringLiteral("grpc"); }
    bool healthy() const override;

    void startStream(const QString &sessionId, const AsrStreamOptions &options = {}) override;
    void feed(const QString &sessionId, const QByteArray &pcm16k) override;
    void finish(const QString &sessionId) override;
    void cancel(const QString &sessionId) override;

    struct Impl;
    // Called (queued, on this object's thread) by the gRPC call objects.
    void onTranscript(const QString &sessionId, quint64 callId, const QString &text, bool isFinal,
                      double confidence);
    void onCallDone(const QString &sessionId, quint64 callId, int code, const QString &message);

private:
    std::unique_ptr<Impl> d_;
    HealthTracker health_;
};

} // namespace spk::server::pipeline
