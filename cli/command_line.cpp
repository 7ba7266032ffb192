#include "cli/command_line.h"

#include "cli/table_printer.h"
#include "cli/tr.h"

namespace spk::cli {

QString CommandHelp::render() const
{
    QString s = spkctl::tr("Usage:") + QLatin1Char('\n');
    for (const QString &line : usage.split(QLatin1Char('\n')))
        s += QStringLiteral("  ") + line + QLatin1Char('\n');
    s += QLatin1Char('\n') + description + QLatin1Char('\n');
    if (!options.isEmpty()) {
        s += QLatin1Char('\n') + spkctl::tr("Options:") + QLatin1Char('\n');
        int width = 0;
        for (const auto &o : options)
            width = qMax(width, displayWidth(o.first));
        for (const auto &o : options)
            s += QStringLiteral("  ") + padToWidth(o.first, width) + QStringLiteral("  ") + o.second +
                 QLatin1Char('\n');
    }
    if (!examples.isEmpty()) {
        s += QLatin1Char('\n') + spkctl::tr("Examples:") + QLatin1Char('\n');
        for (const QString &e : examples)
            s += QStringLiteral("  ") + e + QLatin1Char('\n');
    }
    return s;
}

CommandArgs::CommandArgs(const QStringList &args, const QList<QCommandLineOption> &options)
{
    parser_.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser_.addOptions(options);
    parser_.addOption(QCommandLineOption(QStringList{QStringLiteral("h"), QStringLiteral("help")}));
    if (!parser_.parse(QStringList{QStringLiteral("spkctl")} + args)) {
        error_ = parser_.errorText();
        // "--help" makes any other mistake irrelevant
        help_ = args.contains(QLatin1String("--help")) || args.contains(QLatin1String("-h"));
        if (help_)
            error_.clear();
        return;
    }
    help_ = parser_.isSet(QStringLiteral("help"));
}

bool parsePositiveInt(const QString &text, const QString &what, int max, int *out, QString *error)
{
    bool ok = false;
    const int n = text.toInt(&ok);
    if (!ok || n < 1 || n > max) {
        *error =
            spkctl::tr("%1 must be a whole number from 1 to %2, not \"%3\".").arg(what).arg(max).arg(text);
        return false;
    }
    *out = n;
    return true;
}

bool parseId(const QString &text, const QString &what, qint64 *out, QString *error)
{
    bool ok = false;
    const qint64 n = text.toLongLong(&ok);
    if (!ok || n < 1) {
        *error = spkctl::tr("%1 must be a positive number, not \"%2\".").arg(what, text);
        return false;
    }
    *out = n;
    return true;
}

} // namespace spk::cli
