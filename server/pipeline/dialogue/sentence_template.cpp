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
        : m_slots(slotDefs), m_rules(rules)
    {
    }

    bool parseText(const QString &text, Sequence *out, QString *error)
    {
        const QString saved = m_src;
        const qsizetype savedPos = m_pos;
        m_src = text;
        m_pos = 0;
        bool ok = parseSequence(out, error);
        if (ok && m_pos < m_src.size()) {
            *error = QStringLiteral("unexpected '%1' at %2").arg(m_src.at(m_pos)).arg(m_pos);
            ok = false;
        }
        m_src = saved;
        m_pos = savedPos;
        return ok;
    }

private:
    bool parseSequence(Sequence *out, QString *error)
    {
        while (m_pos < m_src.size()) {
            const QChar c = m_src.at(m_pos);
            if (c == QLatin1Char(')') || c == QLatin1Char(']') || c == QLatin1Char('|'))
                return true;
            if (c == QLatin1Char('(') || c == QLatin1Char('[')) {
                ++m_pos;
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
                const qsizetype end = m_src.indexOf(close, m_pos);
                if (end < 0) {
                    *error = QStringLiteral("missing '%1'").arg(close);
                    return false;
                }
                const QString name = m_src.mid(m_pos + 1, end - m_pos - 1).trimmed();
                m_pos = end + 1;
                if (!(c == QLatin1Char('{') ? addSlot(name, out, error) : addRule(name, out, error)))
                    return false;
            } else if (c == QLatin1Char('}') || c == QLatin1Char('>')) {
                *error = QStringLiteral("unexpected '%1'").arg(c);
                return false;
            } else {
                const qsizetype start = m_pos;
                while (m_pos < m_src.size() && !QStringLiteral("()[]|{}<>").contains(m_src.at(m_pos)))
                    ++m_pos;
                for (const QString &token : tokenizeForIntents(m_src.mid(start, m_pos - start)))
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
            if (m_pos >= m_src.size()) {
                *error = QStringLiteral("missing '%1'").arg(close);
                return false;
            }
            const QChar c = m_src.at(m_pos++);
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
        if (!m_slots.contains(name)) {
            *error = QStringLiteral("undeclared slot {%1}").arg(name);
            return false;
        }
        out->push_back(Node{Node::Slot, name, {}});
        return true;
    }

    bool addRule(const QString &name, Sequence *out, QString *error)
    {
        if (!m_rules.contains(name)) {
            *error = QStringLiteral("unknown expansion rule <%1>").arg(name);
            return false;
        }
        if (m_expanding.contains(name)) {
            *error = QStringLiteral("expansion rule <%1> refers to itself").arg(name);
            return false;
        }
        m_expanding.insert(name);
        Node node{Node::Choice, {}, {Sequence{}}};
        const bool ok = parseText(m_rules.value(name), &node.choices.front(), error);
        m_expanding.remove(name);
        if (!ok) {
            *error = QStringLiteral("in <%1>: %2").arg(name, *error);
            return false;
        }
        out->push_back(std::move(node));
        return true;
    }

    const QHash<QString, SlotDefinition> &m_slots;
    const QHash<QString, QString> &m_rules;
    QSet<QString> m_expanding;
    QString m_src;
    qsizetype m_pos = 0;
};

using Continuation = std::function<bool(qsizetype)>;

class Matcher
{
public:
    Matcher(const QStringList &tokens, const QHash<QString, SlotDefinition> &slotDefs, QVariantMap *values)
        : m_tokens(tokens), m_slots(slotDefs), m_values(values)
    {
    }

    // Backtracking: tries every way the sequence can consume tokens from `pos`, then `next`.
    bool matchSeq(const Sequence &seq, size_t index, qsizetype pos, const Continuation &next)
    {
        if (++m_steps > 200000) // bounded work for pathological templates
            return false;
        if (index == seq.size())
            return next(pos);
        const Node &node = seq[index];
        auto rest = [&](qsizetype p) { return matchSeq(seq, index + 1, p, next); };
        switch (node.kind) {
        case Node::Word:
            return pos < m_tokens.size() && m_tokens[pos] == node.text && rest(pos + 1);
        case Node::Choice:
            for (const Sequence &choice : node.choices)
                if (matchSeq(choice, 0, pos, rest))
                    return true;
            return false;
        case Node::Slot: {
            const SlotDefinition def = m_slots.value(node.text);
            for (int n = 1; n <= kMaxSlotTokens && pos + n <= m_tokens.size(); ++n) {
                const std::optional<int> v = parseSpokenNumber(m_tokens.mid(pos, n));
                if (!v || *v < def.min || *v > def.max)
                    continue;
                m_values->insert(node.text, *v);
                if (rest(pos + n))
                    return true;
                m_values->remove(node.text);
            }
            return false;
        }
        }
        return false;
    }

private:
    const QStringList &m_tokens;
    const QHash<QString, SlotDefinition> &m_slots;
    QVariantMap *m_values;
    int m_steps = 0;
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
    t->m_text = text;
    t->m_root = std::move(root);
    t->m_slots = slotDefs;
    return t;
}

bool SentenceTemplate::match(const QStringList &tokens, QVariantMap *slotValues) const
{
    QVariantMap values;
    Matcher matcher(tokens, m_slots, &values);
    const bool ok =
        matcher.matchSeq(*m_root, 0, 0, [&tokens](qsizetype end) { return end == tokens.size(); });
    if (ok)
        *slotValues = values;
    return ok;
}

QString SentenceTemplate::toJsgf(const std::function<bool(const QString &)> &knownWord) const
{
    bool ok = true;
    const QString body = jsgfOf(*m_root, knownWord, &ok);
    return ok ? body : QString();
}

QStringList SentenceTemplate::slotNames() const
{
    QStringList names;
    collectSlots(*m_root, &names);
    return names;
}

} // namespace spk::server::pipeline
