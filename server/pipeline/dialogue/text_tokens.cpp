#include "server/pipeline/dialogue/text_tokens.h"

#include <QStringView>

namespace spk::server::pipeline {

bool isCjk(uint c)
{
    return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0x20000 && c <= 0x2FA1F);
}

bool containsCjk(const QString &text)
{
    for (uint c : text.toUcs4())
        if (isCjk(c))
            return true;
    return false;
}

QStringList tokenizeForIntents(const QString &text)
{
    QStringList tokens;
    QString word;
    auto flush = [&] {
        while (word.endsWith(QLatin1Char('\'')))
            word.chop(1);
        while (word.startsWith(QLatin1Char('\'')))
            word.remove(0, 1);
        if (!word.isEmpty())
            tokens << word;
        word.clear();
    };
    for (uint c : text.toUcs4()) {
        if (c == 0x2019) // typographic apostrophe, as some ASR engines write "what’s"
            c = '\'';
        if (isCjk(c)) {
            flush();
            tokens << QString::fromUcs4(reinterpret_cast<const char32_t *>(&c), 1);
        } else if (QChar::isLetterOrNumber(c) || (c == '\'' && !word.isEmpty())) {
            word += QString::fromUcs4(reinterpret_cast<const char32_t *>(&c), 1).toLower();
        } else {
            flush();
        }
    }
    flush();
    return tokens;
}

QString joinTokens(const QStringList &tokens)
{
    QString out;
    for (const QString &t : tokens) {
        const bool cjk = containsCjk(t);
        if (!out.isEmpty() && !cjk && !containsCjk(out.right(1)))
            out += QLatin1Char(' ');
        out += t;
    }
    return out;
}

} // namespace spk::server::pipeline
