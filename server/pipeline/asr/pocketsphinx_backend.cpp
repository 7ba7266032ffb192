#include "server/pipeline/asr/pocketsphinx_backend.h"

#include "server/pipeline/common/serial_executor.h"
#include "server/pipeline/pipeline_logging.h"

#include <QPointer>

#include <atomic>

namespace spk::server::pipeline {

// Touched only by jobs on the session's strand, except `cancelled`.
struct PocketsphinxBackend::DecodeState
{
    std::unique_ptr<PocketsphinxUtterance> utterance;
    std::atomic<bool> cancelled{false};
    bool failed = false;
    int samplesSinceHypothesis = 0;
    QString lastHypothesis;
};

PocketsphinxBackend::PocketsphinxBackend(std::shared_ptr<PocketsphinxDecoders> decoders,
                                         int partialIntervalMs, bool useGrammar, QObject *parent)
    : AsrBackend(parent), decoders_(std::move(decoders)),
      partialIntervalSamples_(qMax(1, partialIntervalMs) * 16)
{
    if (!decoders_)
        return;
    if (!decoders_->claim()) {
        qCCritical(lcPipelineAsr) << "pocketsphinx decoders already used by another backend";
        decoders_.reset(); // unhealthy: every stream fails clearly
        return;
    }
    search_ = useGrammar && decoders_->hasGrammar() ? QByteArray(PocketsphinxDecoders::grammarSearch())
                                                    : decoders_->lmSearch();
    threads_.setMaxThreadCount(decoders_->maxCount());
    loader_.setMaxThreadCount(1);
    for (int i = 0; i < decoders_->count(); ++i)
        addSlot();
}

void PocketsphinxBackend::addSlot()
{
    Slot slot;
    slot.strand = std::make_unique<SerialExecutor>(&threads_);
    slots_.push_back(std::move(slot));
}

void PocketsphinxBackend::growIfWaiting()
{
    if (waiting_.empty() || loading_ || growthFailed_ || int(slots_.size()) >= decoders_->maxCount())
        return;
    loading_ = true;
    std::shared_ptr<PocketsphinxDecoders> decoders = decoders_;
    QPointer<PocketsphinxBackend> self(this);
    loader_.start([self, decoders] {
        QString error;
        ps_decoder_t *ps = decoders->loadOne(&error);
        const int index = ps ? decoders->adopt(ps) : -1; // owned by the set from here on
        QMetaObject::invokeMethod(
            self.data(),
            [self, index, error] {
                if (!self)
                    return;
                self->loading_ = false;
                if (index < 0) {
                    self->growthFailed_ = true;
                    qCWarning(lcPipelineAsr).noquote() << "pocketsphinx: no more decoders:" << error;
                    return;
                }
                while (int(self->slots_.size()) <= index)
                    self->addSlot();
                qCInfo(lcPipelineAsr) << "pocketsphinx: all decoders busy, loaded decoder" << index + 1;
                self->assignFreeSlots();
            },
            Qt::QueuedConnection);
    });
}

PocketsphinxBackend::~PocketsphinxBackend()
{
    for (const auto &session : std::as_const(sessions_))
        if (session->state)
            session->state->cancelled = true;
    loader_.waitForDone();
    slots_.clear(); // each strand waits for its running job
    sessions_.clear();
    if (decoders_)
        decoders_->unclaim();
}

void PocketsphinxBackend::startStream(const QString &sessionId, const AsrStreamOptions &options)
{
    if (!decoders_)
        return failLater(sessionId,
                         QStringLiteral("pocketsphinx unavailable (model not loaded or decoders in use)"));
    if (sessionId.isEmpty())
        return failLater(sessionId, QStringLiteral("empty session id"));
    if (sessions_.contains(sessionId))
        return failLater(sessionId, QStringLiteral("stream already active"));
    auto session = std::make_shared<Session>();
    session->id = sessionId;
    session->options = options;
    sessions_.insert(sessionId, session);
    waiting_.push_back(sessionId);
    assignFreeSlots();
}

void PocketsphinxBackend::feed(const QString &sessionId, const QByteArray &pcm)
{
    auto it = sessions_.find(sessionId);
    if (it == sessions_.end())
        return failLater(sessionId, QStringLiteral("no active stream"));
    Session &session = **it;
    if (!isWholeSamples(pcm) || session.finishRequested) {
        const QString why = session.finishRequested ? QStringLiteral("audio after end of speech")
                                                    : QStringLiteral("PCM chunk is not whole 16-bit samples");
        cancel(sessionId);
        return failLater(sessionId, why);
    }
    if (session.slot < 0)
        session.buffered.push_back(pcm);
    else
        postChunk(session, pcm);
}

void PocketsphinxBackend::finish(const QString &sessionId)
{
    auto it = sessions_.find(sessionId);
    if (it == sessions_.end())
        return failLater(sessionId, QStringLiteral("no active stream"));
    Session &session = **it;
    if (session.finishRequested)
        return;
    session.finishRequested = true;
    if (session.slot >= 0)
        postEnd(session);
}

void PocketsphinxBackend::cancel(const QString &sessionId)
{
    if (!sessions_.contains(sessionId))
        return;
    endSession(sessionId);
}

void PocketsphinxBackend::assignFreeSlots()
{
    for (size_t i = 0; i < slots_.size() && !waiting_.empty(); ++i) {
        if (slots_[i].busy)
            continue;
        const QString id = waiting_.front();
        waiting_.pop_front();
        auto it = sessions_.find(id);
        if (it != sessions_.end())
            attach(**it, int(i));
    }
    growIfWaiting();
}

void PocketsphinxBackend::attach(Session &session, int slot)
{
    slots_[size_t(slot)].busy = true;
    session.slot = slot;
    auto state = std::make_shared<DecodeState>();
    session.state = state;
    ps_decoder_t *decoder = decoders_->decoder(slot);
    const QByteArray search = search_;
    const QString id = session.id;
    // Jobs of a previous session on this decoder are queued before ours and skip themselves.
    slots_[size_t(slot)].strand->post([this, state, decoder, search, id] {
        if (state->cancelled)
            return;
        state->utterance = std::make_unique<PocketsphinxUtterance>(decoder, search);
        QString error;
        if (!state->utterance->start(&error)) {
            state->failed = true;
            QMetaObject::invokeMethod(
                this,
                [this, state, id, error] {
                    if (current(id, state)) {
                        endSession(id);
                        emit streamFailed(id, error);
                    }
                },
                Qt::QueuedConnection);
        }
    });
    for (const QByteArray &pcm : session.buffered)
        postChunk(session, pcm);
    session.buffered.clear();
    if (session.finishRequested)
        postEnd(session);
}

void PocketsphinxBackend::postChunk(Session &session, const QByteArray &pcm)
{
    auto state = session.state;
    const QString id = session.id;
    const bool partials = session.options.partials;
    const int interval = partialIntervalSamples_;
    slots_[size_t(session.slot)].strand->post([this, state, id, pcm, partials, interval] {
        if (state->cancelled || state->failed)
            return;
        QString error;
        const int count = int(pcm.size() / 2);
        if (!state->utterance->process(reinterpret_cast<const qint16 *>(pcm.constData()), count, &error)) {
            state->failed = true;
            QMetaObject::invokeMethod(
                this,
                [this, state, id, error] {
                    if (current(id, state)) {
                        endSession(id);
                        emit streamFailed(id, error);
                    }
                },
                Qt::QueuedConnection);
            return;
        }
        state->samplesSinceHypothesis += count;
        if (!partials || state->samplesSinceHypothesis < interval)
            return;
        state->samplesSinceHypothesis = 0;
        const QString hyp = state->utterance->hypothesis();
        if (hyp.isEmpty() || hyp == state->lastHypothesis)
            return;
        state->lastHypothesis = hyp;
        QMetaObject::invokeMethod(
            this,
            [this, state, id, hyp] {
                if (current(id, state))
                    emit partialTranscript(id, hyp);
            },
            Qt::QueuedConnection);
    });
}

void PocketsphinxBackend::postEnd(Session &session)
{
    auto state = session.state;
    const QString id = session.id;
    slots_[size_t(session.slot)].strand->post([this, state, id] {
        if (state->cancelled || state->failed)
            return;
        QString text, error;
        double confidence = -1;
        const bool ok = state->utterance->end(&text, &confidence, &error);
        QMetaObject::invokeMethod(
            this,
            [this, state, id, ok, text, confidence, error] {
                if (!current(id, state))
                    return;
                endSession(id);
                if (ok)
                    emit finalTranscript(id, text, confidence);
                else
                    emit streamFailed(id, error);
            },
            Qt::QueuedConnection);
    });
}

PocketsphinxBackend::Session *PocketsphinxBackend::current(const QString &sessionId,
                                                           const std::shared_ptr<DecodeState> &state)
{
    auto it = sessions_.find(sessionId);
    if (it == sessions_.end() || (*it)->state != state)
        return nullptr;
    return it->get();
}

void PocketsphinxBackend::endSession(const QString &sessionId)
{
    std::shared_ptr<Session> session = sessions_.take(sessionId);
    if (!session)
        return;
    if (session->slot < 0) {
        waiting_.erase(std::remove(waiting_.begin(), waiting_.end(), sessionId), waiting_.end());
        return;
    }
    if (session->state) {
        session->state->cancelled = true;
        // The utterance (if unfinished) is ended on the strand, before the next session's jobs.
        auto state = session->state;
        slots_[size_t(session->slot)].strand->post([state] { state->utterance.reset(); });
    }
    slots_[size_t(session->slot)].busy = false;
    assignFreeSlots();
}

} // namespace spk::server::pipeline
