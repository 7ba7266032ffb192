#pragma once
// Numbers as people say them to a speaker: "50", "fifty", "fifty five", "a hundred", "五十", "两".
#include <QString>
#include <QStringList>

#include <optional>

namespace spk::server::pipeline {

// Parses 0..100 from digits, English number words or Chinese numerals (tokens as from
// tokenizeForIntents). nullopt if the tokens are not exactly one number.
std::optional<int> parseSpokenNumber(const QStringList &tokens);
// "twenty five": how pocketsphinx's dictionary spells the number (for command grammars).
QString englishNumberWords(int value);

} // namespace spk::server::pipeline
