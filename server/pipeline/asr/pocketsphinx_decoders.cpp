#include "server/pipeline/asr/pocketsphinx_decoders.h"

#include "server/pipeline/pipeline_logging.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QRegularExpression>

#include <pocketsphinx.h>
#include <sphinxbase/ckd_alloc.h>
#include <sphinxbase/logmath.h>

#include <chrono>

namespace spk::server::pipeline {

namespace {
constexpr const char kGrammarSearch[] = "spk_grammar";
}

std::unique_ptr<PocketsphinxDecoders> PocketsphinxDecoders::load(const PocketsphinxConfig &config,
                                                                 QString *error)
{
    for (const QString &path : {config.hmmDir, config.lmFile, config.dictFile}) {
        if (!QFileInfo::exists(path)) {
            *error = QStringLiteral("pocketsphinx model file not found: %1").arg(path);
            return nullptr;
        }
    }
    if (config.decoders < 1) {
        *error = QStringLiteral("pocketsphinx needs at least one decoder");
        return nullptr;
    }
    QElapsedTimer timer;
    timer.start();
    std::unique_ptr<PocketsphinxDecoders> set(new PocketsphinxDecoders(config));
    for (int i = 0; i < config.decoders; ++i) {
        ps_decoder_t *ps = set->loadOne(error);
        if (!ps)
            return nullptr;
        set->adopt(ps);
    }
    set->m_lmSearch = QByteArray(ps_get_search(set->m_decoders.front()));
    qCInfo(lcPipelineAsr).noquote() << "pocketsphinx loaded" << config.decoders << "decoder(s) (up to"
                                    << set->maxCount() << "on demand) in" << timer.elapsed() << "ms, options"
                                    << (config.options.isEmpty() ? QStringLiteral("(defaults)")
                                                                 : config.options);
    return set;
}

ps_decoder_t *PocketsphinxDecoders::loadOne(QString *error) const
{
    // argv as on a command line; argv[0] is skipped by the parser. -logfn /dev/null: pocketsphinx
    // otherwise writes pages of INFO lines to stderr per utterance.
    QList<QByteArray> words{"spkd",
                            "-hmm",
                            m_config.hmmDir.toLocal8Bit(),
                            "-lm",
                            m_config.lmFile.toLocal8Bit(),
                            "-dict",
                            m_config.dictFile.toLocal8Bit(),
                            "-logfn",
                            "/dev/null"};
    const QStringList options =
        m_config.options.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
    if (options.size() % 2 != 0) {
        *error =
            QStringLiteral("asr.pocketsphinx.options must be pairs of -name value: %1").arg(m_config.options);
        return nullptr;
    }
    for (const QString &o : options)
        words.append(o.toLocal8Bit());
    std::vector<char *> argv;
    for (QByteArray &w : words)
        argv.push_back(w.data());
    cmd_ln_t *args = cmd_ln_parse_r(nullptr, ps_args(), int32(argv.size()), argv.data(), TRUE);
    if (!args) {
        *error = QStringLiteral("pocketsphinx rejected its options: %1").arg(m_config.options);
        return nullptr;
    }
    ps_decoder_t *ps = ps_init(args);
    cmd_ln_free_r(args); // ps_init keeps its own reference
    if (!ps) {
        *error = QStringLiteral("pocketsphinx failed to load the model %1").arg(m_config.hmmDir);
        return nullptr;
    }
    QByteArray grammar;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        grammar = m_grammar;
    }
    if (!grammar.isEmpty()) {
        const char *lm = ps_get_search(ps);
        const QByteArray lmSearch(lm ? lm : "");
        if (ps_set_jsgf_string(ps, kGrammarSearch, grammar.constData()) < 0) {
            ps_free(ps);
            *error = QStringLiteral("pocketsphinx rejected the command grammar");
            return nullptr;
        }
        ps_set_search(ps, lmSearch.constData()); // LM stays the default
    }
    return ps;
}

int PocketsphinxDecoders::adopt(ps_decoder_t *decoder)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_decoders.push_back(decoder);
    m_busy.push_back(false);
    m_freed.notify_one();
    return int(m_decoders.size()) - 1;
}

PocketsphinxDecoders::~PocketsphinxDecoders()
{
    for (ps_decoder_t *ps : m_decoders)
        ps_free(ps);
}

int PocketsphinxDecoders::count() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return int(m_decoders.size());
}

ps_decoder_t *PocketsphinxDecoders::decoder(int index) const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_decoders.at(size_t(index));
}

const char *PocketsphinxDecoders::grammarSearch()
{
    return kGrammarSearch;
}

bool PocketsphinxDecoders::knowsWord(const QString &word) const
{
    const QByteArray w = word.toUtf8();
    char *phones = ps_lookup_word(decoder(0), w.constData());
    if (!phones)
        return false;
    ckd_free(phones);
    return true;
}

bool PocketsphinxDecoders::setGrammar(const QString &jsgf, QString *error)
{
    const QByteArray text = jsgf.toUtf8();
    std::lock_guard<std::mutex> lock(m_mutex);
    for (ps_decoder_t *ps : m_decoders) {
        if (ps_set_jsgf_string(ps, kGrammarSearch, text.constData()) < 0) {
            *error = QStringLiteral("pocketsphinx rejected the command grammar");
            return false;
        }
        ps_set_search(ps, m_lmSearch.constData()); // LM stays the default
    }
    m_grammar = text;
    return true;
}

int PocketsphinxDecoders::checkout(int timeoutMs)
{
    std::unique_lock<std::mutex> lock(m_mutex);
    int found = -1;
    auto anyFree = [&] {
        for (size_t i = 0; i < m_busy.size(); ++i)
            if (!m_busy[i]) {
                found = int(i);
                return true;
            }
        return false;
    };
    if (!m_freed.wait_for(lock, std::chrono::milliseconds(timeoutMs), anyFree))
        return -1;
    m_busy[size_t(found)] = true;
    return found;
}

void PocketsphinxDecoders::checkin(int index)
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_busy.at(size_t(index)) = false;
    }
    m_freed.notify_one();
}

PocketsphinxUtterance::PocketsphinxUtterance(ps_decoder_t *decoder, QByteArray searchName)
    : m_decoder(decoder), m_search(std::move(searchName))
{
}

PocketsphinxUtterance::~PocketsphinxUtterance()
{
    if (m_started)
        ps_end_utt(m_decoder); // abandoned (cancelled) utterance: leave the decoder reusable
}

bool PocketsphinxUtterance::start(QString *error)
{
    if (ps_set_search(m_decoder, m_search.constData()) < 0) {
        *error = QStringLiteral("pocketsphinx has no search '%1'").arg(QString::fromLatin1(m_search));
        return false;
    }
    if (ps_start_utt(m_decoder) < 0) {
        *error = QStringLiteral("pocketsphinx could not start an utterance");
        return false;
    }
    m_started = true;
    return true;
}

bool PocketsphinxUtterance::process(const qint16 *samples, int count, QString *error)
{
    if (!m_started) {
        *error = QStringLiteral("utterance not started");
        return false;
    }
    if (count > 0 && ps_process_raw(m_decoder, samples, size_t(count), FALSE, FALSE) < 0) {
        *error = QStringLiteral("pocketsphinx failed to process audio");
        return false;
    }
    return true;
}

QString PocketsphinxUtterance::hypothesis() const
{
    if (!m_started)
        return {};
    int32 score = 0;
    const char *hyp = ps_get_hyp(m_decoder, &score);
    return hyp ? QString::fromUtf8(hyp).simplified() : QString();
}

bool PocketsphinxUtterance::end(QString *text, double *confidence, QString *error)
{
    if (!m_started) {
        *error = QStringLiteral("utterance not started");
        return false;
    }
    m_started = false;
    if (ps_end_utt(m_decoder) < 0) {
        *error = QStringLiteral("pocketsphinx failed to end the utterance");
        return false;
    }
    int32 score = 0;
    const char *hyp = ps_get_hyp(m_decoder, &score);
    *text = hyp ? QString::fromUtf8(hyp).simplified() : QString();
    // The posterior comes from the lattice pass (-bestpath); without it ps_get_prob is 0 (p = 1),
    // which would claim certainty: report "unknown" instead.
    const int32 prob = ps_get_prob(m_decoder);
    const double p = logmath_exp(ps_get_logmath(m_decoder), prob);
    *confidence = (prob != 0 && p > 0.0 && p <= 1.0) ? p : -1.0;
    return true;
}

} // namespace spk::server::pipeline
