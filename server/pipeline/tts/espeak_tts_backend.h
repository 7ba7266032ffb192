#pragma once
// Built-in offline TTS with libespeak-ng (English "en", Mandarin "cmn"). espeak-ng keeps global state
// and is not thread-safe: every call runs on this backend's one worker thread, under a process-wide
// lock, requests in FIFO order. Its 22,050 Hz output is resampled to 16 kHz (speexdsp).
#include "server/pipeline/tts/tts_backend.h"

#include <QMutex>
#include <QSet>
#include <QThread>

namespace spk::server::pipeline {

class EspeakTtsBackend : public TtsBackend
{
    Q_OBJECT
public:
    // rate: words per minute. defaultVoice: used when synthesize() gets none.
    explicit EspeakTtsBackend(int rate = 170, const QString &defaultVoice = QStringLiteral("en"),
                              QObject *parent = nullptr);
    ~EspeakTtsBackend() override;

    QString name() const override { return QStringLiteral("espeak"); }
    bool healthy() const override { return sampleRate_ > 0; }
    void synthesize(const QString &requestId, const QString &text, const QString &voice = {}) override;
    void cancel(const QString &requestId) override;

    // For the synthesis callback (worker thread).
    bool isCancelled(const QString &requestId) const;

private:
    void run(const QString &requestId, const QString &text, const QString &voice); // worker thread

    QThread thread_;
    QObject *worker_ = nullptr; // lives in thread_: jobs are queued calls on it
    int sampleRate_ = 0;
    int rate_;
    QString defaultVoice_;
    mutable QMutex cancelMutex_;
    QSet<QString> cancelled_;
    QSet<QString> pending_; // owner thread: requests not yet finished
};

} // namespace spk::server::pipeline
