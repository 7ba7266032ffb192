#pragma once
// ASR through an OpenAI-compatible POST {base}/audio/transcriptions (OpenAI, faster-whisper-server,
// whisper.cpp's server with --inference-path): the utterance is buffered and uploaded as one WAV
// (multipart/form-data) at end of speech. No partial transcripts.
#include "server/core/pipeline_config.h"
#include "server/pipeline/asr/asr_backend.h"
#include "server/pipeline/common/health_tracker.h"

#include <QHash>
#include <QPointer>

class QNetworkAccessManager;
class QNetworkReply;

namespace spk::server::pipeline {

class OpenAiTranscriptionBackend : public AsrBackend
{
    Q_OBJECT
public:
    OpenAiTranscriptionBackend(const OpenAiEndpoint &endpoint, int unhealthyBackoffMs,
                               QObject *parent = nullptr);
    ~OpenAiTranscriptionBackend() override;

    QString name() const override { return QStringLiteral("openai"); }
    bool healthy() const override { return health_.healthy(); }

    void startStream(const QString &sessionId, const AsrStreamOptions &options = {}) override;
    void feed(const QString &sessionId, const QByteArray &pcm16k) override;
    void finish(const QString &sessionId) override;
    void cancel(const QString &sessionId) override;

private:
    struct Upload
    {
        AsrStreamOptions options;
        QByteArray audio;
        QPointer<QNetworkReply> reply;
    };
    void onReplyFinished(const QString &sessionId, QNetworkReply *reply);

    OpenAiEndpoint endpoint_;
    HealthTracker health_;
    QNetworkAccessManager *network_;
    QHash<QString, Upload> uploads_;
};

} // namespace spk::server::pipeline
