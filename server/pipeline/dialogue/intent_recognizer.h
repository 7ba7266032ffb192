#pragma once
// Finds the intent of a transcript in the loaded catalogs (offline, before any LLM), and builds the
// JSGF command grammar pocketsphinx's grammar mode uses (as Rhasspy did).
#include "server/pipeline/dialogue/intent_catalog.h"

#include <QVariantMap>

#include <functional>
#include <optional>

namespace spk::server::pipeline {

struct IntentMatch
{
    QString intent;
    QString language;
    QVariantMap slotValues; // slot name -> int
    QString sentence;       // the template that matched
};

class IntentRecognizer
{
public:
    void addCatalog(std::shared_ptr<const IntentCatalog> catalog);
    // Loads <dir>/<lang>.yaml for each language, or the built-in files when dir is empty.
    bool loadLanguages(const QString &dir, const QStringList &languages, QString *error);

    std::optional<IntentMatch> recognize(const QString &transcript) const;
    // The catalog for a language, else the first one (never null once one is added).
    std::shared_ptr<const IntentCatalog> catalog(const QString &language) const;
    QStringList languages() const;

    // A JSGF grammar with every sentence of `language` whose words `knownWord` accepts; numbers are
    // spelled in English words. Empty if no sentence qualifies.
    QString commandGrammar(const QString &language,
                           const std::function<bool(const QString &)> &knownWord) const;

private:
    std::vector<std::shared_ptr<const IntentCatalog>> catalogs_;
};

} // namespace spk::server::pipeline
