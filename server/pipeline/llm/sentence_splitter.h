#pragma once
// Cuts streamed LLM text into sentences as soon as each one ends, so speech synthesis can start on
// the first sentence while the rest is still being generated. Ends: . ! ? followed by a space (so
// "3.5" and "e.g" inside words stay whole), 。！？；… at once, and newlines. Closing quotes and
// brackets stay with their sentence.
#include <QString>
#include <QStringList>

namespace spk::server::pipeline {

class SentenceSplitter
{
public:
    QStringList push(const QString &text);
    // The rest at the end of the stream (may be an unterminated sentence).
    QStringList flush();

private:
    QStringList takeComplete(bool endOfStream);
    QString buffer_;
};

} // namespace spk::server::pipeline
