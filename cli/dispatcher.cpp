#include "cli/dispatcher.h"

#include "cli/commands.h"
#include "cli/context.h"
#include "cli/tr.h"

#include <functional>

namespace spk::cli {

namespace {

struct CommandEntry
{
    const char *name;
    std::function<int(Context &, const QStringList &)> run;
    QString summary;
};

QList<CommandEntry> commandTable()
{
    return {
        {"login", runLogin, spkctl::tr("Log in and remember the token for later commands")},
        {"logout", runLogout, spkctl::tr("Revoke the token on the server and forget it")},
        {"whoami", runWhoami, spkctl::tr("Show the logged-in user")},
        {"devices", runDevices, spkctl::tr("List, show, add and remove speakers")},
        {"config", runConfig, spkctl::tr("Change a speaker's settings (volume=80 ...)")},
        {"reboot", runReboot, spkctl::tr("Restart a speaker")},
        {"watch", runWatch, spkctl::tr("Stream live device status and session progress")},
        {"passwd", runPasswd, spkctl::tr("Change your own password")},
        {"users", runUsers, spkctl::tr("List, add, remove users, set roles and passwords (admin)")},
        {"audit", runAudit, spkctl::tr("Show who did what, when (admin)")},
        {"sessions", runSessions, spkctl::tr("Browse conversations, read transcripts, fetch audio")},
    };
}

QString topLevelHelp()
{
    QString s = spkctl::tr("spkctl - command-line control of an spk speaker fleet\n"
                           "\n"
                           "Usage:\n"
                           "  spkctl [--server URL] [--ca FILE] [--token TOKEN] [--json] COMMAND [ARGS...]\n"
                           "\n"
                           "Commands:\n");
    for (const CommandEntry &c : commandTable())
        s += QStringLiteral("  %1%2\n").arg(QString::fromLatin1(c.name), -10).arg(c.summary);
    s += spkctl::tr(
        "\n"
        "Global options (anywhere on the line):\n"
        "  --server URL   spkd address, e.g. http://127.0.0.1:8080 or https://spk.example\n"
        "  --ca FILE      trust the CA certificate(s) in this PEM file for https:// and wss://\n"
        "                 (besides the system's CAs), e.g. the ca.crt of scripts/gen-certs.sh\n"
        "  --token TOKEN  use this token instead of the saved one\n"
        "  --json         print the server's JSON instead of tables\n"
        "  -h, --help     help; \"spkctl COMMAND --help\" explains a command with examples\n"
        "  --version      print the version\n"
        "\n"
        "The server, CA file and token come from the flags, else SPK_SERVER, SPK_CA and SPK_TOKEN,\n"
        "else the file written by \"spkctl login\" ($XDG_CONFIG_HOME/spk/spkctl.json), which keeps the\n"
        "CA file used at login. A certificate that does not verify is an error (exit code 1); there\n"
        "is no option to skip the check.\n"
        "\n"
        "Exit codes: 0 ok, 1 refused by the server or failed, 2 bad command line, 3 not logged in or\n"
        "token rejected, 4 not allowed for your role, 5 server unreachable or timed out,\n"
        "6 the device did not acknowledge in time.\n"
        "\n"
        "Examples:\n"
        "  spkctl --server http://speakers.example:8080 login --user admin\n"
        "  spkctl --server https://spk.example --ca ca.crt login --user admin\n"
        "  spkctl devices ls\n"
        "  spkctl config kitchen volume=40\n"
        "  spkctl watch --device kitchen\n");
    return s;
}

// Reads the value of a global option given as "--opt VALUE" or "--opt=VALUE".
bool takeValue(const QStringList &args, int *i, const QString &name, QString *value, QString *error)
{
    const QString &arg = args[*i];
    const QString prefix = QStringLiteral("--") + name + QLatin1Char('=');
    if (arg.startsWith(prefix)) {
        *value = arg.mid(prefix.size());
    } else if (*i + 1 < args.size()) {
        *value = args[++*i];
    } else {
        *error = spkctl::tr("--%1 needs a value.").arg(name);
        return false;
    }
    if (value->isEmpty()) {
        *error = spkctl::tr("--%1 needs a non-empty value.").arg(name);
        return false;
    }
    return true;
}

bool isOption(const QString &arg, const QString &name)
{
    return arg == QStringLiteral("--") + name ||
           arg.startsWith(QStringLiteral("--") + name + QLatin1Char('='));
}

} // namespace

SplitArguments splitArguments(const QStringList &args)
{
    SplitArguments s;
    bool literal = false;
    for (int i = 0; i < args.size(); ++i) {
        const QString &arg = args[i];
        if (literal) {
            s.rest << arg;
            continue;
        }
        if (arg == QLatin1String("--")) {
            literal = true;
            if (!s.command.isEmpty())
                s.rest << arg;
            continue;
        }
        if (isOption(arg, QStringLiteral("server"))) {
            if (!takeValue(args, &i, QStringLiteral("server"), &s.server, &s.error))
                return s;
        } else if (isOption(arg, QStringLiteral("ca"))) {
            if (!takeValue(args, &i, QStringLiteral("ca"), &s.caFile, &s.error))
                return s;
        } else if (isOption(arg, QStringLiteral("token"))) {
            if (!takeValue(args, &i, QStringLiteral("token"), &s.token, &s.error))
                return s;
        } else if (arg == QLatin1String("--json")) {
            s.json = true;
        } else if (s.command.isEmpty() && (arg == QLatin1String("--help") || arg == QLatin1String("-h"))) {
            s.help = true;
        } else if (s.command.isEmpty() && arg == QLatin1String("--version")) {
            s.version = true;
        } else if (s.command.isEmpty()) {
            if (arg.startsWith(QLatin1Char('-'))) {
                s.error = spkctl::tr("Unknown option \"%1\".").arg(arg);
                return s;
            }
            s.command = arg;
        } else {
            s.rest << arg;
        }
    }
    return s;
}

int runSpkctl(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    const SplitArguments split = splitArguments(arguments.mid(1));
    if (!split.error.isEmpty()) {
        err << spkctl::tr("spkctl: %1").arg(split.error) << Qt::endl
            << spkctl::tr("Run \"spkctl --help\" for usage.") << Qt::endl;
        return ExitUsage;
    }
    if (split.version) {
        out << QStringLiteral("spkctl %1").arg(QCoreApplication::applicationVersion()) << Qt::endl;
        return ExitOk;
    }
    QString command = split.command;
    QStringList rest = split.rest;
    // "spkctl help devices" is "spkctl devices --help"
    if (command == QLatin1String("help")) {
        command = rest.value(0);
        rest = QStringList{QStringLiteral("--help")};
    }
    if (command.isEmpty()) {
        const bool asked = split.help || split.command == QLatin1String("help");
        (asked ? out : err) << topLevelHelp();
        return asked ? ExitOk : ExitUsage;
    }
    if (split.help)
        rest.prepend(QStringLiteral("--help"));

    for (const CommandEntry &entry : commandTable()) {
        if (command != QLatin1String(entry.name))
            continue;
        Context ctx(out, err, CredentialsStore());
        ctx.resolve(GlobalOptions{split.server, split.token, split.json, split.caFile});
        const int code = entry.run(ctx, rest);
        out.flush();
        err.flush();
        return code;
    }
    err << spkctl::tr("spkctl: unknown command \"%1\".").arg(command) << Qt::endl
        << spkctl::tr("Run \"spkctl --help\" for the list of commands.") << Qt::endl;
    return ExitUsage;
}

} // namespace spk::cli
