#pragma once
// "null" ASR for media-path benchmarks: no recognition at all. It accepts any audio, counts nothing,
// and answers finish() with one fixed final transcript, so what a benchmark measures is the bridge
// (UDP, jitter buffer, Opus decode, VAD, recording), not a speech engine. Never a production choice.
#include "server/pipeline/asr/asr_backend.h"

#include <QSet>

namespace spk::server::pipeline {

class NullAsrBackend : public AsrBackend
{
    Q_OBJECT
public:
    static constexpr const char *kTranscript = "what time is it";

    using AsrBackend::AsrBackend;

    QString name() const override { return QStringLiteral("null"); }
    bool healthy() const override { return true; }
    void startStream(const QString &sessionId, const AsrStreamOptions &options = {}) override;
    void feed(const QString &sessionId, const QByteArray &pcm16k) override;
    void finish(const QString &sessionId) override;
    void cancel(const QString &sessionId) override;

private:
    QSet<QString> open_; // started, not yet finished or cancelled
};

} // namespace spk::server::pipeline
