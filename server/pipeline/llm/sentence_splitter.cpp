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
    m_buffer += text;
    return takeComplete(false);
}

QStringList SentenceSplitter::flush()
{
    QStringList out = takeComplete(true);
    const QString rest = m_buffer.trimmed();
    if (hasWords(rest))
        out << rest;
    m_buffer.clear();
    return out;
}

QStringList SentenceSplitter::takeComplete(bool endOfStream)
{
    QStringList out;
    qsizetype start = 0;
    qsizetype i = 0;
    while (i < m_buffer.size()) {
        const QChar c = m_buffer.at(i);
        qsizetype end = -1; // one past the sentence's last character
        if (isImmediateEnd(c)) {
            end = i + 1;
        } else if (isLatinEnd(c)) {
            qsizetype j = i + 1;
            while (j < m_buffer.size() && (isLatinEnd(m_buffer.at(j)) || isCloser(m_buffer.at(j))))
                ++j;
            if (j == m_buffer.size() && !endOfStream)
                break; // cannot tell yet whether "3." continues as "3.5"
            if (j == m_buffer.size() || m_buffer.at(j).isSpace())
                end = j;
            else
                i = j - 1;
        }
        if (end < 0) {
            ++i;
            continue;
        }
        while (end < m_buffer.size() && isCloser(m_buffer.at(end)))
            ++end;
        const QString sentence = m_buffer.mid(start, end - start).trimmed();
        if (hasWords(sentence)) // a lone "..." or blank line is not worth a TTS request
            out << sentence;
        start = end;
        i = end;
    }
    m_buffer.remove(0, start);
    return out;
}

} // namespace spk::server::pipeline
