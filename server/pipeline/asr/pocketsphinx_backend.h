#pragma once
// Built-in offline ASR. Each stream takes one of the loaded decoders for its whole utterance and is
// decoded on worker threads (one strand per decoder) while the speaker talks. When every decoder is
// busy, one more is loaded in the background (up to the set's maximum); meanwhile the stream waits,
// its audio buffered, for whichever decoder frees up first. Partial transcripts come from ps_get_hyp during
// the stream.
#include "server/pipeline/asr/asr_backend.h"
#include "server/pipeline/asr/pocketsphinx_decoders.h"

#include <QHash>
#include <QThreadPool>

#include <deque>
#include <memory>
#include <vector>

namespace spk::server::pipeline {

class SerialExecutor;

class PocketsphinxBackend : public AsrBackend
{
    Q_OBJECT
public:
    // useGrammar: decode against the grammar registered on `decoders` (command mode) instead of the LM.
    PocketsphinxBackend(std::shared_ptr<PocketsphinxDecoders> decoders, int partialIntervalMs,
                        bool useGrammar = false, QObject *parent = nullptr);
    ~PocketsphinxBackend() override;

    QString name() const override { return QStringLiteral("pocketsphinx"); }
    bool healthy() const override { return decoders_ != nullptr; }

    void startStream(const QString &sessionId, const AsrStreamOptions &options = {}) override;
    void feed(const QString &sessionId, const QByteArray &pcm16k) override;
    void finish(const QString &sessionId) override;
    void cancel(const QString &sessionId) override;

    int activeStreams() const { return int(sessions_.size()); }
    int waitingStreams() const { return int(waiting_.size()); }

private:
    struct DecodeState;
    struct Session
    {
        QString id;
        AsrStreamOptions options;
        std::deque<QByteArray> buffered; // audio received before a decoder was free
        bool finishRequested = false;
        int slot = -1;
        std::shared_ptr<DecodeState> state;
    };
    struct Slot
    {
        std::unique_ptr<SerialExecutor> strand;
        bool busy = false;
    };

    void assignFreeSlots();
    void growIfWaiting();
    void addSlot();
    void attach(Session &session, int slot);
    void postChunk(Session &session, const QByteArray &pcm);
    void postEnd(Session &session);
    void endSession(const QString &sessionId); // frees the slot and drops the session
    Session *current(const QString &sessionId, const std::shared_ptr<DecodeState> &state);

    std::shared_ptr<PocketsphinxDecoders> decoders_;
    int partialIntervalSamples_;
    QByteArray search_;
    QThreadPool threads_;
    QThreadPool loader_; // one thread: loads extra decoders
    bool loading_ = false;
    bool growthFailed_ = false;
    std::vector<Slot> slots_;
    QHash<QString, std::shared_ptr<Session>> sessions_;
    std::deque<QString> waiting_;
};

} // namespace spk::server::pipeline
