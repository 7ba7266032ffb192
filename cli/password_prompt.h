#pragma once
// Reading secrets: from the terminal without echo, or one line from stdin (for scripts).
#include <QString>

namespace spk::cli {

bool stdinIsTerminal();
bool stderrIsTerminal();
// Prints prompt to stderr, reads a line from the terminal with echo off. False on EOF/error.
bool promptHidden(const QString &prompt, QString *out);
// Prints prompt to stderr, reads a visible line from stdin. False on EOF.
bool promptVisible(const QString &prompt, QString *out);
// Reads the first line of stdin (without the newline). False on EOF before any character.
bool readLineFromStdin(QString *out);

} // namespace spk::cli
