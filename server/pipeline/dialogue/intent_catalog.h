#pragma once
// One language's intents, loaded from a YAML file (dialogue/intents/en.yaml, zh.yaml):
//   language: en
//   expansion_rules: { volume: "(volume|sound)" }
//   slots: { level: { min: 0, max: 100 } }
//   intents:
//     SetVolume:
//       sentences: ["(set|change) [the] <volume> to {level} [percent]"]
//       responses: { default: "Volume {level}." }
//   responses: { fallback: "...", no_speech: "...", llm_error: "..." }
#include "server/pipeline/dialogue/sentence_template.h"

#include <QHash>
#include <QList>
#include <QString>

#include <memory>
#include <vector>

namespace spk::server::pipeline {

struct IntentDefinition
{
    QString name;
    std::vector<std::shared_ptr<const SentenceTemplate>> sentences;
    QHash<QString, QString> responses; // variant ("default", "unknown", ...) -> reply template
};

class IntentCatalog
{
public:
    // nullptr + *error (naming the file and the problem) on unreadable YAML or a bad template.
    static std::shared_ptr<const IntentCatalog> fromYaml(const QByteArray &yaml, const QString &sourceName,
                                                         QString *error);
    static std::shared_ptr<const IntentCatalog> fromFile(const QString &path, QString *error);

    QString language() const { return language_; }
    const std::vector<IntentDefinition> &intents() const { return intents_; }
    const IntentDefinition *intent(const QString &name) const;
    // Catalog-wide replies: fallback, no_speech, llm_error. Empty if absent.
    QString response(const QString &key) const { return responses_.value(key); }
    const QHash<QString, SlotDefinition> &slotDefinitions() const { return slots_; }

private:
    QString language_;
    std::vector<IntentDefinition> intents_;
    QHash<QString, QString> responses_;
    QHash<QString, SlotDefinition> slots_;
};

} // namespace spk::server::pipeline
