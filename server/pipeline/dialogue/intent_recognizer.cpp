#include "server/pipeline/dialogue/intent_recognizer.h"

#include "server/pipeline/dialogue/number_words.h"
#include "server/pipeline/dialogue/text_tokens.h"

namespace spk::server::pipeline {

void IntentRecognizer::addCatalog(std::shared_ptr<const IntentCatalog> catalog)
{
    catalogs_.push_back(std::move(catalog));
}

bool IntentRecognizer::loadLanguages(const QString &dir, const QStringList &languages, QString *error)
{
    for (const QString &lang : languages) {
        // Built-in files are compiled in as Qt resources (see CMakeLists.txt).
        const QString path = dir.isEmpty() ? QStringLiteral(":/spk/intents/%1.yaml").arg(lang)
                                           : QStringLiteral("%1/%2.yaml").arg(dir, lang);
        auto catalog = IntentCatalog::fromFile(path, error);
        if (!catalog)
            return false;
        addCatalog(std::move(catalog));
    }
    return true;
}

std::optional<IntentMatch> IntentRecognizer::recognize(const QString &transcript) const
{
    const QStringList tokens = tokenizeForIntents(transcript);
    if (tokens.isEmpty())
        return std::nullopt;
    // Chinese text is tried against the Chinese catalog first, anything else in the order loaded.
    std::vector<std::shared_ptr<const IntentCatalog>> order = catalogs_;
    if (containsCjk(transcript))
        std::stable_partition(order.begin(), order.end(),
                              [](const auto &c) { return c->language() == QLatin1String("zh"); });
    for (const auto &catalog : order) {
        for (const IntentDefinition &intent : catalog->intents()) {
            for (const auto &sentence : intent.sentences) {
                QVariantMap values;
                if (sentence->match(tokens, &values))
                    return IntentMatch{intent.name, catalog->language(), values, sentence->text()};
            }
        }
    }
    return std::nullopt;
}

std::shared_ptr<const IntentCatalog> IntentRecognizer::catalog(const QString &language) const
{
    for (const auto &c : catalogs_)
        if (c->language() == language)
            return c;
    return catalogs_.empty() ? nullptr : catalogs_.front();
}

QStringList IntentRecognizer::languages() const
{
    QStringList out;
    for (const auto &c : catalogs_)
        out << c->language();
    return out;
}

QString IntentRecognizer::commandGrammar(const QString &language,
                                         const std::function<bool(const QString &)> &knownWord) const
{
    std::shared_ptr<const IntentCatalog> c;
    for (const auto &candidate : catalogs_)
        if (candidate->language() == language)
            c = candidate;
    if (!c)
        return {};
    QStringList sentences;
    QStringList usedSlots;
    for (const IntentDefinition &intent : c->intents()) {
        for (const auto &sentence : intent.sentences) {
            const QString body = sentence->toJsgf(knownWord);
            if (body.isEmpty())
                continue;
            sentences << QStringLiteral("( %1 )").arg(body);
            for (const QString &slot : sentence->slotNames())
                if (!usedSlots.contains(slot))
                    usedSlots << slot;
        }
    }
    if (sentences.isEmpty())
        return {};
    QString jsgf = QStringLiteral("#JSGF V1.0;\ngrammar spk_commands;\npublic <command> = %1;\n")
                       .arg(sentences.join(QLatin1String(" | ")));
    for (const QString &slot : usedSlots) {
        const SlotDefinition def = c->slotDefinitions().value(slot);
        QStringList numbers;
        for (int v = def.min; v <= def.max; ++v)
            numbers << englishNumberWords(v);
        jsgf += QStringLiteral("<slot_%1> = %2;\n").arg(slot, numbers.join(QLatin1String(" | ")));
    }
    return jsgf;
}

} // namespace spk::server::pipeline
