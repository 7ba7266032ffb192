#pragma once
// hassil-style sentence templates, as Home Assistant writes intents:
//   "(set|change) [the] <volume> to {level} [percent]"
// (a|b) alternatives, [x] optional, {slot} a declared slot, <rule> an expansion rule. Matching is
// over whole tokens (tokenizeForIntents) and must cover the whole transcript.
#include <QHash>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <functional>
#include <memory>
#include <vector>

namespace spk::server::pipeline {

struct SlotDefinition
{
    QString name;
    int min = 0; // the only slot type is a number in [min, max]
    int max = 100;
};

class SentenceTemplate
{
public:
    // Parses `text`. rules: expansion rule name -> template text. nullptr + *error on a syntax error,
    // an undeclared slot or rule, or a rule that refers to itself.
    static std::unique_ptr<SentenceTemplate> parse(const QString &text,
                                                   const QHash<QString, SlotDefinition> &slotDefs,
                                                   const QHash<QString, QString> &rules, QString *error);

    QString text() const { return text_; }
    // True if the template covers all tokens; fills *slotValues (name -> int).
    bool match(const QStringList &tokens, QVariantMap *slotValues) const;
    // JSGF right-hand side ("go ( forward | back ) [ meters ]"); slots become <slot_NAME> rules.
    // Returns an empty string when a word fails `knownWord` (pocketsphinx cannot use the sentence).
    QString toJsgf(const std::function<bool(const QString &)> &knownWord) const;
    QStringList slotNames() const;

    struct Node;
    using Sequence = std::vector<Node>;

private:
    QString text_;
    std::shared_ptr<Sequence> root_;
    QHash<QString, SlotDefinition> slots_;
};

} // namespace spk::server::pipeline
