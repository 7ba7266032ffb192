#pragma once
// One speech-to-text engine serving many concurrent streams, keyed by session id.
// Calls return at once; results arrive as signals on the backend's thread, never from inside a call.
// Audio is 16 kHz mono little-endian int16. A stream ends with exactly one finalTranscript or
// streamFailed (unless cancelled); after that its session id may be reused.
#include <QByteArray>
#include <QObject>
#include <QString>

namespace spk::server::pipeline {

struct AsrStreamOptions
{
    QString language = QStringLiteral("en");
    bool partials = true;
};

class AsrBackend : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    virtual QString name() const = 0;
    // Cheap, no I/O: false while the engine is known to be unusable (model not loaded, server down
    // recently). A caller picks another backend instead of waiting for a time-out.
    virtual bool healthy() const = 0;

    virtual void startStream(const QString &sessionId, const AsrStreamOptions &options = {}) = 0;
    virtual void feed(const QString &sessionId, const QByteArray &pcm16k) = 0;
    // End of speech: the final transcript follows.
    virtual void finish(const QString &sessionId) = 0;
    // Forget the stream; no more signals for it.
    virtual void cancel(const QString &sessionId) = 0;

signals:
    void partialTranscript(const QString &sessionId, const QString &text);
    // confidence in [0, 1], or -1 when the engine gives none.
    void finalTranscript(const QString &sessionId, const QString &text, double confidence);
    void streamFailed(const QString &sessionId, const QString &message);

protected:
    // Emits streamFailed from the event loop, so callers never see it re-entrantly.
    void failLater(const QString &sessionId, const QString &message);
    // Shared input check: whole 16-bit samples only.
    static bool isWholeSamples(const QByteArray &pcm) { return pcm.size() % 2 == 0; }
};

} // namespace spk::server::pipeline
