#pragma once
// Real recorded speech for the bridge tests (Debian's pocketsphinx-testdata) and small helpers.
#include <QByteArray>
#include <QString>
#include <QStringList>

namespace spk::test {

// "go forward ten meters", 16 kHz mono s16le, followed by padMs of near-silence; empty if missing.
QByteArray goForwardSpeech(int padMs = 300);
// How many of the expected words the text contains (case-insensitive, whole words).
int matchingWords(const QString &text, const QStringList &expected);

} // namespace spk::test
