#pragma once
// Loads pocketsphinx decoders (ps_init reads the acoustic model, LM and dictionary: ~0.45 s and ~90 MB
// each) and keeps them for reuse; more are loaded on demand up to a limit. A decoder serves one
// utterance at a time; callers hand them out (PocketsphinxBackend by event-loop bookkeeping, spk-asrd
// by blocking checkout).
// Old 5prealpha API (cmd_ln_init / ps_init), as in Debian 12.
#include "server/core/pipeline_config.h"

#include <QString>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

// NOLINTNEXTLINE(readability-identifier-naming): pocketsphinx's own C type, declared as pocketsphinx.h does
typedef struct ps_decoder_s ps_decoder_t;

namespace spk::server::pipeline {

class PocketsphinxDecoders
{
public:
    // Loads config.decoders decoders in LM (free speech) mode. nullptr + *error on failure.
    static std::unique_ptr<PocketsphinxDecoders> load(const PocketsphinxConfig &config, QString *error);
    ~PocketsphinxDecoders();
    PocketsphinxDecoders(const PocketsphinxDecoders &) = delete;
    PocketsphinxDecoders &operator=(const PocketsphinxDecoders &) = delete;

    int count() const;
    ps_decoder_t *decoder(int index) const;

    // More decoders on demand, up to max(decoders, maxDecoders): loadOne() is slow (~0.45 s, any
    // thread) and builds a decoder like the others (grammar included); adopt() adds it, returns its index.
    int maxCount() const { return qMax(config_.decoders, config_.maxDecoders); }
    ps_decoder_t *loadOne(QString *error) const;
    int adopt(ps_decoder_t *decoder);

    // Dictionary lookup (call before any decoding starts: it uses decoder 0).
    bool knowsWord(const QString &word) const;
    // Registers a JSGF grammar on every decoder (before any decoding starts).
    bool setGrammar(const QString &jsgf, QString *error);
    bool hasGrammar() const { return !grammar_.isEmpty(); }
    // Search names for PocketsphinxUtterance.
    static const char *grammarSearch();
    QByteArray lmSearch() const { return lmSearch_; }

    // A decoder set serves one PocketsphinxBackend (it hands decoders out by itself): the backend
    // claims the set and fails to start if another one already did.
    bool claim() { return !claimed_.exchange(true); }
    void unclaim() { claimed_ = false; }

    // Blocking checkout for thread-per-stream servers (spk-asrd). Returns -1 on time-out.
    int checkout(int timeoutMs);
    void checkin(int index);

private:
    explicit PocketsphinxDecoders(const PocketsphinxConfig &config) : config_(config) {}

    const PocketsphinxConfig config_;
    QByteArray grammar_; // JSGF applied to every decoder, later ones included
    QByteArray lmSearch_;
    std::atomic<bool> claimed_{false};
    mutable std::mutex mutex_; // guards decoders_ and busy_
    std::condition_variable freed_;
    std::vector<ps_decoder_t *> decoders_;
    std::vector<bool> busy_;
};

// One utterance on one decoder; not thread-safe (run it on one thread or one strand).
class PocketsphinxUtterance
{
public:
    PocketsphinxUtterance(ps_decoder_t *decoder, QByteArray searchName);
    ~PocketsphinxUtterance();

    bool start(QString *error);
    bool process(const qint16 *samples, int count, QString *error);
    QString hypothesis() const;
    // Ends the utterance: final text and a confidence in [0,1] (-1 if unknown).
    bool end(QString *text, double *confidence, QString *error);

private:
    ps_decoder_t *decoder_;
    QByteArray search_;
    bool started_ = false;
};

} // namespace spk::server::pipeline
