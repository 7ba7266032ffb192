#pragma once
// Per-command argument parsing (QCommandLineParser without its exit-on-error behaviour) and help
// pages that teach: usage, what it does, options, examples.
#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QList>
#include <QString>
#include <QStringList>

namespace spk::cli {

struct CommandHelp
{
    QString usage;                          // "spkctl devices ls [--owner ID]" (one or more lines)
    QString description;                    // what it does, in sentences
    QList<QPair<QString, QString>> options; // "--owner ID" -> explanation
    QStringList examples;                   // command lines, optionally "# comment" lines
    QString render() const;
};

class CommandArgs
{
public:
    // args: what follows the command name. -h/--help is always understood.
    CommandArgs(const QStringList &args, const QList<QCommandLineOption> &options);
    bool ok() const { return error_.isEmpty(); }
    QString error() const { return error_; }
    bool helpRequested() const { return help_; }
    bool isSet(const QString &name) const { return parser_.isSet(name); }
    QString value(const QString &name) const { return parser_.value(name); }
    QStringList positional() const { return parser_.positionalArguments(); }

private:
    QCommandLineParser parser_;
    QString error_;
    bool help_ = false;
};

// Reads a positive integer option ("--limit 20"); false with *error set when it is not one.
bool parsePositiveInt(const QString &text, const QString &what, int max, int *out, QString *error);
// Reads a numeric id (user/session ids are integers); false with *error set otherwise.
bool parseId(const QString &text, const QString &what, qint64 *out, QString *error);

} // namespace spk::cli
