#pragma once
// spkctl's entry point below main(): global options, command lookup, top-level help.
#include <QStringList>
#include <QTextStream>

namespace spk::cli {

class CredentialsStore;

// arguments as QCoreApplication::arguments() (program name first). Returns the exit code.
int runSpkctl(const QStringList &arguments, QTextStream &out, QTextStream &err);

struct SplitArguments
{
    QString server, token, caFile;
    bool json = false;
    bool help = false;    // --help/-h before the command
    bool version = false; // --version
    QString command;
    QStringList rest; // the command's own arguments
    QString error;    // usage error, empty when fine
};
// Takes the global options (--server, --token, --ca, --json) out of the argument list wherever they are,
// up to a "--" separator. Exposed for tests.
SplitArguments splitArguments(const QStringList &argsWithoutProgram);

} // namespace spk::cli
