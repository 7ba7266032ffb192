#pragma once
// Loads pocketsphinx decoders once (ps_init reads the acoustic model, LM and dictionary: ~0.5 s and
// ~40 MB each) and keeps them for reuse. A decoder serves one utterance at a time; callers hand
// them out (PocketsphinxBackend by event-loop bookkeeping, spk-asrd by blocking checkout).
// Old 5prealpha API (cmd_ln_init / ps_init), as in Debian 12.
#include "server/pipeline/pipeline_config.h"

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

    int count() const { return int(m_decoders.size()); }
    ps_decoder_t *decoder(int index) const { return m_decoders.at(size_t(index)); }

    // Dictionary lookup (call before any decoding starts: it uses decoder 0).
    bool knowsWord(const QString &word) const;
    // Registers a JSGF grammar on every decoder (before any decoding starts).
    bool setGrammar(const QString &jsgf, QString *error);
    bool hasGrammar() const { return m_hasGrammar; }
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
    PocketsphinxDecoders() = default;
    std::vector<ps_decoder_t *> m_decoders;
    QByteArray m_lmSearch;
    bool m_hasGrammar = false;
    std::atomic<bool> m_claimed{false};
    std::mutex m_mutex;
    std::condition_variable m_freed;
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
