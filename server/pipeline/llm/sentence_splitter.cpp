#include "server/pipeline/llm/sentence_splitter.h"

namespace spk::server::pipeline {

namespace {

bool isCloser(QChar c)
{
    static const QString closers = QStringLiteral("\"')]}»”’」』）】");
    return closers.contains(c);
}

bool isImmediateEnd(QChar c)
{
    static const QString ends = QStringLiteral("。！？；…\n");
    return ends.contains(c);
}

bool hasWords(const QString &s)
{
    for (QChar c : s)
        if (c.isLetterOrNumber())
            return true;
    return false;
}

bool isLatinEnd(QChar c)
{
    return c == QLatin1Char('.') || c == QLatin1Char('!') || c == QLatin1Char('?');
}

} // namespace

QStringList SentenceSplitter::push(const QString &text)
{
    buffer_ += text;
    return takeComplete(false);
}

QStringList SentenceSplitter::flush()
{
    QStringList out = takeComplete(true);
    const QString rest = buffer_.trimmed();
    if (hasWords(rest))
        out << rest;
    buffer_.clear();
    return out;
}

QStringList SentenceSplitter::takeComplete(bool endOfStream)
{
    QStringList out;
    qsizetype start = 0;
    qsizetype i = 0;
    while (i < buffer_.size()) {
        const QChar c = buffer_.at(i);
        qsizetype end = -1; // one past the sentence's last character
        if (isImmediateEnd(c)) {
            end = i + 1;
        } else if (isLatinEnd(c)) {
            qsizetype j = i + 1;
            while (j < buffer_.size() && (isLatinEnd(buffer_.at(j)) || isCloser(buffer_.at(j))))
                ++j;
            if (j == buffer_.size() && !endOfStream)
                break; // cannot tell yet whether "3." continues as "3.5"
            if (j == buffer_.size() || buffer_.at(j).isSpace())
                end = j;
            else
                i = j - 1;
        }
        if (end < 0) {
            ++i;
            continue;
        }
        while (end < buffer_.size() && isCloser(buffer_.at(end)))
            ++end;
        const QString sentence = buffer_.mid(start, end - start).trimmed();
        if (hasWords(sentence)) // a lone "..." or blank line is not worth a TTS request
            out << sentence;
        start = end;
        i = end;
    }
    buffer_.remove(0, start);
    return out;
}

} // namespace spk::server::pipeline
