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
    int maxCount() const { return qMax(m_config.decoders, m_config.maxDecoders); }
    ps_decoder_t *loadOne(QString *error) const;
    int adopt(ps_decoder_t *decoder);

    // Dictionary lookup (call before any decoding starts: it uses decoder 0).
    bool knowsWord(const QString &word) const;
    // Registers a JSGF grammar on every decoder (before any decoding starts).
    bool setGrammar(const QString &jsgf, QString *error);
    bool hasGrammar() const { return !m_grammar.isEmpty(); }
    // Search names for PocketsphinxUtterance.
    static const char *grammarSearch();
    QByteArray lmSearch() const { return m_lmSearch; }

    // A decoder set serves one PocketsphinxBackend (it hands decoders out by itself): the backend
    // claims the set and fails to start if another one already did.
    bool claim() { return !m_claimed.exchange(true); }
    void unclaim() { m_claimed = false; }

    // Blocking checkout for thread-per-stream servers (spk-asrd). Returns -1 on time-out.
    int checkout(int timeoutMs);
    void checkin(int index);

private:
    explicit PocketsphinxDecoders(const PocketsphinxConfig &config) : m_config(config) {}

    const PocketsphinxConfig m_config;
    QByteArray m_grammar; // JSGF applied to every decoder, later ones included
    QByteArray m_lmSearch;
    std::atomic<bool> m_claimed{false};
    mutable std::mutex m_mutex; // guards m_decoders and m_busy
    std::condition_variable m_freed;
    std::vector<ps_decoder_t *> m_decoders;
    std::vector<bool> m_busy;
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
    ps_decoder_t *m_decoder;
    QByteArray m_search;
    bool m_started = false;
};

} // namespace spk::server::pipeline
