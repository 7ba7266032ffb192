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
    set->lmSearch_ = QByteArray(ps_get_search(set->decoders_.front()));
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
                            config_.hmmDir.toLocal8Bit(),
                            "-lm",
                            config_.lmFile.toLocal8Bit(),
                            "-dict",
                            config_.dictFile.toLocal8Bit(),
                            "-logfn",
                            "/dev/null"};
    const QStringList options =
        config_.options.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
    if (options.size() % 2 != 0) {
        *error =
            QStringLiteral("asr.pocketsphinx.options must be pairs of -name value: %1").arg(config_.options);
        return nullptr;
    }
    for (const QString &o : options)
        words.append(o.toLocal8Bit());
    std::vector<char *> argv;
    for (QByteArray &w : words)
        argv.push_back(w.data());
    cmd_ln_t *args = cmd_ln_parse_r(nullptr, ps_args(), int32(argv.size()), argv.data(), TRUE);
    if (!args) {
        *error = QStringLiteral("pocketsphinx rejected its options: %1").arg(config_.options);
        return nullptr;
    }
    ps_decoder_t *ps = ps_init(args);
    cmd_ln_free_r(args); // ps_init keeps its own reference
    if (!ps) {
        *error = QStringLiteral("pocketsphinx failed to load the model %1").arg(config_.hmmDir);
        return nullptr;
    }
    QByteArray grammar;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        grammar = grammar_;
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
    std::lock_guard<std::mutex> lock(mutex_);
    decoders_.push_back(decoder);
    busy_.push_back(false);
    freed_.notify_one();
    return int(decoders_.size()) - 1;
}

PocketsphinxDecoders::~PocketsphinxDecoders()
{
    for (ps_decoder_t *ps : decoders_)
        ps_free(ps);
}

int PocketsphinxDecoders::count() const
{
    std::lock_guard<std::mutex> lock(mutex_);
    return int(decoders_.size());
}

ps_decoder_t *PocketsphinxDecoders::decoder(int index) const
{
    std::lock_guard<std::mutex> lock(mutex_);
    return decoders_.at(size_t(index));
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
    std::lock_guard<std::mutex> lock(mutex_);
    for (ps_decoder_t *ps : decoders_) {
        if (ps_set_jsgf_string(ps, kGrammarSearch, text.constData()) < 0) {
            *error = QStringLiteral("pocketsphinx rejected the command grammar");
            return false;
        }
        ps_set_search(ps, lmSearch_.constData()); // LM stays the default
    }
    grammar_ = text;
    return true;
}

int PocketsphinxDecoders::checkout(int timeoutMs)
{
    std::unique_lock<std::mutex> lock(mutex_);
    int found = -1;
    auto anyFree = [&] {
        for (size_t i = 0; i < busy_.size(); ++i)
            if (!busy_[i]) {
                found = int(i);
                return true;
            }
        return false;
    };
    if (!freed_.wait_for(lock, std::chrono::milliseconds(timeoutMs), anyFree))
        return -1;
    busy_[size_t(found)] = true;
    return found;
}

void PocketsphinxDecoders::checkin(int index)
{
    {
        std::lock_guard<std::mutex> lock(mutex_);
        busy_.at(size_t(index)) = false;
    }
    freed_.notify_one();
}

PocketsphinxUtterance::PocketsphinxUtterance(ps_decoder_t *decoder, QByteArray searchName)
    : decoder_(decoder), search_(std::move(searchName))
{
}

PocketsphinxUtterance::~PocketsphinxUtterance()
{
    if (started_)
        ps_end_utt(decoder_); // abandoned (cancelled) utterance: leave the decoder reusable
}

bool PocketsphinxUtterance::start(QString *error)
{
    if (ps_set_search(decoder_, search_.constData()) < 0) {
        *error = QStringLiteral("pocketsphinx has no search '%1'").arg(QString::fromLatin1(search_));
        return false;
    }
    if (ps_start_utt(decoder_) < 0) {
        *error = QStringLiteral("pocketsphinx could not start an utterance");
        return false;
    }
    started_ = true;
    return true;
}

bool PocketsphinxUtterance::process(const qint16 *samples, int count, QString *error)
{
    if (!started_) {
        *error = QStringLiteral("utterance not started");
        return false;
    }
    if (count > 0 && ps_process_raw(decoder_, samples, size_t(count), FALSE, FALSE) < 0) {
        *error = QStringLiteral("pocketsphinx failed to process audio");
        return false;
    }
    return true;
}

QString PocketsphinxUtterance::hypothesis() const
{
    if (!started_)
        return {};
    int32 score = 0;
    const char *hyp = ps_get_hyp(decoder_, &score);
    return hyp ? QString::fromUtf8(hyp).simplified() : QString();
}

bool PocketsphinxUtterance::end(QString *text, double *confidence, QString *error)
{
    if (!started_) {
        *error = QStringLiteral("utterance not started");
        return false;
    }
    started_ = false;
    if (ps_end_utt(decoder_) < 0) {
        *error = QStringLiteral("pocketsphinx failed to end the utterance");
        return false;
    }
    int32 score = 0;
    const char *hyp = ps_get_hyp(decoder_, &score);
    *text = hyp ? QString::fromUtf8(hyp).simplified() : QString();
    // The posterior comes from the lattice pass (-bestpath); without it ps_get_prob is 0 (p = 1),
    // which would claim certainty: report "unknown" instead.
    const int32 prob = ps_get_prob(decoder_);
    const double p = logmath_exp(ps_get_logmath(decoder_), prob);
    *confidence = (prob != 0 && p > 0.0 && p <= 1.0) ? p : -1.0;
    return true;
}

} // namespace spk::server::pipeline
