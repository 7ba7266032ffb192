#include "server/pipeline/dialogue/sentence_template.h"

#include "server/pipeline/dialogue/number_words.h"
#include "server/pipeline/dialogue/text_tokens.h"

#include <QSet>

#include <algorithm>

namespace spk::server::pipeline {

struct SentenceTemplate::Node
{
    enum Kind { Word, Choice, Slot } kind = Word;
    QString text;                  // Word: the token; Slot: the slot name
    std::vector<Sequence> choices; // Choice: alternatives (an empty one makes it optional)
};

namespace {

using Node = SentenceTemplate::Node;
using Sequence = SentenceTemplate::Sequence;
constexpr int kMaxSlotTokens = 5;

class Parser
{
public:
    Parser(const QHash<QString, SlotDefinition> &slotDefs, const QHash<QString, QString> &rules)
        : slots_(slotDefs), rules_(rules)
    {
    }

    bool parseText(const QString &text, Sequence *out, QString *error)
    {
        const QString saved = src_;
        const qsizetype savedPos = pos_;
        src_ = text;
        pos_ = 0;
        bool ok = parseSequence(out, error);
        if (ok && pos_ < src_.size()) {
            *error = QStringLiteral("unexpected '%1' at %2").arg(src_.at(pos_)).arg(pos_);
            ok = false;
        }
        src_ = saved;
        pos_ = savedPos;
        return ok;
    }

private:
    bool parseSequence(Sequence *out, QString *error)
    {
        while (pos_ < src_.size()) {
            const QChar c = src_.at(pos_);
            if (c == QLatin1Char(')') || c == QLatin1Char(']') || c == QLatin1Char('|'))
                return true;
            if (c == QLatin1Char('(') || c == QLatin1Char('[')) {
                ++pos_;
                Node node{Node::Choice, {}, {}};
                if (!parseChoices(c == QLatin1Char('(') ? QLatin1Char(')') : QLatin1Char(']'), &node.choices,
                                  error))
                    return false;
                if (std::all_of(node.choices.begin(), node.choices.end(),
                                [](const Sequence &s) { return s.empty(); })) {
                    *error = QStringLiteral("empty group");
                    return false;
                }
                if (c == QLatin1Char('['))
                    node.choices.push_back({});
                out->push_back(std::move(node));
            } else if (c == QLatin1Char('{') || c == QLatin1Char('<')) {
                const QChar close = c == QLatin1Char('{') ? QLatin1Char('}') : QLatin1Char('>');
                const qsizetype end = src_.indexOf(close, pos_);
                if (end < 0) {
                    *error = QStringLiteral("missing '%1'").arg(close);
                    return false;
                }
                const QString name = src_.mid(pos_ + 1, end - pos_ - 1).trimmed();
                pos_ = end + 1;
                if (!(c == QLatin1Char('{') ? addSlot(name, out, error) : addRule(name, out, error)))
                    return false;
            } else if (c == QLatin1Char('}') || c == QLatin1Char('>')) {
                *error = QStringLiteral("unexpected '%1'").arg(c);
                return false;
            } else {
                const qsizetype start = pos_;
                while (pos_ < src_.size() && !QStringLiteral("()[]|{}<>").contains(src_.at(pos_)))
                    ++pos_;
                for (const QString &token : tokenizeForIntents(src_.mid(start, pos_ - start)))
                    out->push_back(Node{Node::Word, token, {}});
            }
        }
        return true;
    }

    bool parseChoices(QChar close, std::vector<Sequence> *choices, QString *error)
    {
        for (;;) {
            Sequence seq;
            if (!parseSequence(&seq, error))
                return false;
            choices->push_back(std::move(seq));
            if (pos_ >= src_.size()) {
                *error = QStringLiteral("missing '%1'").arg(close);
                return false;
            }
            const QChar c = src_.at(pos_++);
            if (c == close)
                return true;
            if (c != QLatin1Char('|')) {
                *error = QStringLiteral("expected '%1' but found '%2'").arg(close, c);
                return false;
            }
        }
    }

    bool addSlot(const QString &name, Sequence *out, QString *error)
    {
        if (!slots_.contains(name)) {
            *error = QStringLiteral("undeclared slot {%1}").arg(name);
            return false;
        }
        out->push_back(Node{Node::Slot, name, {}});
        return true;
    }

    bool addRule(const QString &name, Sequence *out, QString *error)
    {
        if (!rules_.contains(name)) {
            *error = QStringLiteral("unknown expansion rule <%1>").arg(name);
            return false;
        }
        if (expanding_.contains(name)) {
            *error = QStringLiteral("expansion rule <%1> refers to itself").arg(name);
            return false;
        }
        expanding_.insert(name);
        Node node{Node::Choice, {}, {Sequence{}}};
        const bool ok = parseText(rules_.value(name), &node.choices.front(), error);
        expanding_.remove(name);
        if (!ok) {
            *error = QStringLiteral("in <%1>: %2").arg(name, *error);
            return false;
        }
        out->push_back(std::move(node));
        return true;
    }

    const QHash<QString, SlotDefinition> &slots_;
    const QHash<QString, QString> &rules_;
    QSet<QString> expanding_;
    QString src_;
    qsizetype pos_ = 0;
};

using Continuation = std::function<bool(qsizetype)>;

class Matcher
{
public:
    Matcher(const QStringList &tokens, const QHash<QString, SlotDefinition> &slotDefs, QVariantMap *values)
        : tokens_(tokens), slots_(slotDefs), values_(values)
    {
    }

    // Backtracking: tries every way the sequence can consume tokens from `pos`, then `next`.
    bool matchSeq(const Sequence &seq, size_t index, qsizetype pos, const Continuation &next)
    {
        if (++steps_ > 200000) // bounded work for pathological templates
            return false;
        if (index == seq.size())
            return next(pos);
        const Node &node = seq[index];
        auto rest = [&](qsizetype p) { return matchSeq(seq, index + 1, p, next); };
        switch (node.kind) {
        case Node::Word:
            return pos < tokens_.size() && tokens_[pos] == node.text && rest(pos + 1);
        case Node::Choice:
            for (const Sequence &choice : node.choices)
                if (matchSeq(choice, 0, pos, rest))
                    return true;
            return false;
        case Node::Slot: {
            const SlotDefinition def = slots_.value(node.text);
            for (int n = 1; n <= kMaxSlotTokens && pos + n <= tokens_.size(); ++n) {
                const std::optional<int> v = parseSpokenNumber(tokens_.mid(pos, n));
                if (!v || *v < def.min || *v > def.max)
                    continue;
                values_->insert(node.text, *v);
                if (rest(pos + n))
                    return true;
                values_->remove(node.text);
            }
            return false;
        }
        }
        return false;
    }

private:
    const QStringList &tokens_;
    const QHash<QString, SlotDefinition> &slots_;
    QVariantMap *values_;
    int steps_ = 0;
};

QString jsgfOf(const Sequence &seq, const std::function<bool(const QString &)> &known, bool *ok)
{
    QStringList parts;
    for (const Node &node : seq) {
        if (node.kind == Node::Word) {
            if (!known(node.text))
                *ok = false;
            parts << node.text;
        } else if (node.kind == Node::Slot) {
            parts << QStringLiteral("<slot_%1>").arg(node.text);
        } else {
            QStringList alts;
            bool optional = false;
            for (const Sequence &choice : node.choices) {
                if (choice.empty())
                    optional = true;
                else
                    alts << jsgfOf(choice, known, ok);
            }
            if (alts.isEmpty())
                continue;
            const QString body = alts.join(QLatin1String(" | "));
            parts << (optional ? QStringLiteral("[ %1 ]").arg(body) : QStringLiteral("( %1 )").arg(body));
        }
    }
    return parts.join(QLatin1Char(' '));
}

void collectSlots(const Sequence &seq, QStringList *names)
{
    for (const Node &node : seq) {
        if (node.kind == Node::Slot && !names->contains(node.text))
            names->append(node.text);
        for (const Sequence &choice : node.choices)
            collectSlots(choice, names);
    }
}

} // namespace

std::unique_ptr<SentenceTemplate> SentenceTemplate::parse(const QString &text,
                                                          const QHash<QString, SlotDefinition> &slotDefs,
                                                          const QHash<QString, QString> &rules,
                                                          QString *error)
{
    auto root = std::make_shared<Sequence>();
    Parser parser(slotDefs, rules);
    QString why;
    if (!parser.parseText(text, root.get(), &why)) {
        *error = QStringLiteral("template \"%1\": %2").arg(text, why);
        return nullptr;
    }
    if (root->empty()) {
        *error = QStringLiteral("template \"%1\" has no words").arg(text);
        return nullptr;
    }
    std::unique_ptr<SentenceTemplate> t(new SentenceTemplate);
    t->text_ = text;
    t->root_ = std::move(root);
    t->slots_ = slotDefs;
    return t;
}

bool SentenceTemplate::match(const QStringList &tokens, QVariantMap *slotValues) const
{
    QVariantMap values;
    Matcher matcher(tokens, slots_, &values);
    const bool ok = matcher.matchSeq(*root_, 0, 0, [&tokens](qsizetype end) { return end == tokens.size(); });
    if (ok)
        *slotValues = values;
    return ok;
}

QString SentenceTemplate::toJsgf(const std::function<bool(const QString &)> &knownWord) const
{
    bool ok = true;
    const QString body = jsgfOf(*root_, knownWord, &ok);
    return ok ? body : QString();
}

QStringList SentenceTemplate::slotNames() const
{
    QStringList names;
    collectSlots(*root_, &names);
    return names;
}

} // namespace spk::server::pipeline
