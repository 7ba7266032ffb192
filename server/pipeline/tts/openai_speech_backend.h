#pragma once
// TTS through an OpenAI-compatible POST {base}/audio/speech. Asks for "pcm" (raw 24 kHz s16le) or
// "wav" and resamples to 16 kHz while the body streams in, so playback can start early.
#include "server/core/pipeline_config.h"
#include "server/pipeline/common/health_tracker.h"
#include "server/pipeline/tts/tts_backend.h"

#include <QHash>

#include <memory>

class QNetworkAccessManager;

namespace spk::server::pipeline {

class OpenAiSpeechBackend : public TtsBackend
{
    Q_OBJECT
public:
    // format: "pcm" or "wav". defaultVoice e.g. "alloy".
    OpenAiSpeechBackend(const OpenAiEndpoint &endpoint, const QString &format, const QString &defaultVoice,
                        int unhealthyBackoffMs = 30000, QObject *parent = nullptr);
    ~OpenAiSpeechBackend() override;

    QString name() const override { return QStringLiteral("openai-tts"); }
    bool healthy() const override { return health_.healthy(); }
    void synthesize(const QString &requestId, const QString &text, const QString &voice = {}) override;
    void cancel(const QString &requestId) override;

private:
    struct Download;
    void onReadyRead(const QString &requestId);
    void onFinished(const QString &requestId);
    void fail(const QString &requestId, const QString &message);

    OpenAiEndpoint endpoint_;
    QString format_;
    QString defaultVoice_;
    HealthTracker health_;
    QNetworkAccessManager *network_;
    QHash<QString, std::shared_ptr<Download>> downloads_;
};

} // namespace spk::server::pipeline
