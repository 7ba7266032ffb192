#pragma once
// Text to 16 kHz mono int16 PCM, streamed in chunks as it is synthesized. Calls return at once;
// signals arrive on the backend's thread. Per request: audioChunk* then finished, or failed.
#include <QByteArray>
#include <QObject>
#include <QString>

namespace spk::server::pipeline {

class TtsBackend : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    virtual QString name() const = 0;
    virtual bool healthy() const = 0;
    // voice: backend-specific ("en", "cmn" for espeak-ng; "alloy" for OpenAI); empty = default.
    virtual void synthesize(const QString &requestId, const QString &text, const QString &voice = {}) = 0;
    virtual void cancel(const QString &requestId) = 0;

    static constexpr int kOutputRate = 16000;
    static constexpr int kMaxTextChars = 2000;

signals:
    void audioChunk(const QString &requestId, const QByteArray &pcm16k);
    void finished(const QString &requestId);
    void failed(const QString &requestId, const QString &message);

protected:
    void failLater(const QString &requestId, const QString &message);
};

} // namespace spk::server::pipeline
