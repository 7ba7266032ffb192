#pragma once
// Word tokens for intent matching, the same for templates and transcripts: lower case, punctuation
// dropped, apostrophes kept inside words ("what's"), and each Chinese character its own token (there
// are no spaces to split on, and templates are written the same way).
#include <QString>
#include <QStringList>

namespace spk::server::pipeline {

QStringList tokenizeForIntents(const QString &text);
bool isCjk(uint codePoint);
bool containsCjk(const QString &text);
// Joins tokens back: spaces between Latin words, none next to Chinese characters.
QString joinTokens(const QStringList &tokens);

} // namespace spk::server::pipeline
