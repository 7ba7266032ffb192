#pragma once
// "null" TTS for media-path benchmarks: every request yields the same short PCM (200 ms of a quiet
// 440 Hz tone, so the Opus frames are not all silence), with no synthesis work. Never a production choice.
#include "server/pipeline/tts/tts_backend.h"

#include <QSet>

namespace spk::server::pipeline {

class NullTtsBackend : public TtsBackend
{
    Q_OBJECT
public:
    static constexpr int kDurationMs = 200;

    explicit NullTtsBackend(QObject *parent = nullptr);

    QString name() const override { return QStringLiteral("null"); }
    bool healthy() const override { return true; }
    void synthesize(const QString &requestId, const QString &text, const QString &voice = {}) override;
    void cancel(const QString &requestId) override;

private:
    QByteArray pcm_;
    QSet<QString> pending_; // requested, answer not yet emitted (cancel removes)
};

} // namespace spk::server::pipeline
