// spkctl users ls | add | rm (admin)
#include "cli/command_line.h"
#include "cli/command_steps.h"
#include "cli/commands.h"
#include "cli/context.h"
#include "cli/format.h"
#include "cli/password_prompt.h"
#include "cli/table_printer.h"
#include "cli/tr.h"
#include "shared/client/models.h"

namespace spk::cli {

namespace {

CommandHelp usersHelp()
{
    return {QStringLiteral("spkctl users ls\n"
                           "spkctl users add USERNAME --role admin|support|user [--password-stdin]\n"
                           "spkctl users rm USER_ID"),
            spkctl::tr("Manages accounts (admin only).\n"
                       "Roles: admin can do everything; support can read all devices and sessions and\n"
                       "listen to audio, but change nothing; user sees only the speakers they own.\n"
                       "add asks for the new password twice on the terminal, or reads one line from\n"
                       "standard input with --password-stdin."),
            {{QStringLiteral("--role ROLE"), spkctl::tr("admin, support or user")},
             {QStringLiteral("--password-stdin"), spkctl::tr("read the password from standard input")}},
            {QStringLiteral("spkctl users ls"), QStringLiteral("spkctl users add alice --role user"),
             QStringLiteral(
                 "echo 'correct horse battery' | spkctl users add bob --role support --password-stdin"),
             QStringLiteral("spkctl users rm 7")}};
}

int listUsers(Context &ctx, const QStringList &rest)
{
    if (!rest.isEmpty())
        return ctx.usage(spkctl::tr("users ls takes no arguments."), QStringLiteral("users"));
    int code = 0;
    const auto r = callWithToken(
        ctx, [&] { return ctx.api().listUsers(); }, &code);
    if (!r)
        return code;
    if (ctx.json) {
        ctx.printJson(r->json);
        return ExitOk;
    }
    TablePrinter table({spkctl::tr("ID"), spkctl::tr("USERNAME"), spkctl::tr("ROLE"), spkctl::tr("CREATED")});
    table.setRightAligned(0);
    for (const client::User &u : client::User::listFromJson(r->json))
        table.addRow({QString::number(u.id), u.username, u.role, formatTime(u.createdAt)});
    table.print(ctx.out);
    return ExitOk;
}

bool readNewPassword(Context &ctx, bool fromStdin, QString *password, int *code)
{
    if (fromStdin) {
        if (readLineFromStdin(password) && !password->isEmpty())
            return true;
        *code = ctx.usage(spkctl::tr("--password-stdin: standard input has no password."),
                          QStringLiteral("users"));
        return false;
    }
    if (!stdinIsTerminal()) {
        *code = ctx.usage(spkctl::tr("No terminal to ask for the password; use --password-stdin."),
                          QStringLiteral("users"));
        return false;
    }
    QString again;
    if (!promptHidden(spkctl::tr("New password: "), password) || password->isEmpty() ||
        !promptHidden(spkctl::tr("Repeat the password: "), &again)) {
        *code = ctx.usage(spkctl::tr("No password given."), QStringLiteral("users"));
        return false;
    }
    if (again != *password) {
        *code = ctx.usage(spkctl::tr("The passwords do not match."), QStringLiteral("users"));
        return false;
    }
    return true;
}

int addUser(Context &ctx, const CommandArgs &args, const QStringList &rest)
{
    if (rest.size() != 1)
        return ctx.usage(spkctl::tr("users add needs exactly one USERNAME."), QStringLiteral("users"));
    const QString role = args.value(QStringLiteral("role"));
    static const QStringList roles{QStringLiteral("admin"), QStringLiteral("support"),
                                   QStringLiteral("user")};
    if (!roles.contains(role))
        return ctx.usage(spkctl::tr("users add needs --role admin, support or user."),
                         QStringLiteral("users"));
    if (!ctx.requireToken()) // before asking for a password that could not be used
        return ExitAuth;
    QString password;
    int code = 0;
    if (!readNewPassword(ctx, args.isSet(QStringLiteral("password-stdin")), &password, &code))
        return code;
    const client::ApiResult r = ctx.call(ctx.api().addUser(rest.first(), password, role));
    if (!r.ok)
        return ctx.fail(r);
    if (ctx.json) {
        ctx.printJson(r.json);
        return ExitOk;
    }
    const client::User u = client::User::fromJson(r.json);
    ctx.out << spkctl::tr("User %1 added with id %2 (role %3).").arg(u.username).arg(u.id).arg(u.role)
            << Qt::endl;
    return ExitOk;
}

int removeUser(Context &ctx, const QStringList &rest)
{
    if (rest.size() != 1)
        return ctx.usage(spkctl::tr("users rm needs exactly one USER_ID (see \"spkctl users ls\")."),
                         QStringLiteral("users"));
    qint64 id = 0;
    QString error;
    if (!parseId(rest.first(), QStringLiteral("USER_ID"), &id, &error))
        return ctx.usage(error, QStringLiteral("users"));
    int code = 0;
    const auto r = callWithToken(
        ctx, [&] { return ctx.api().removeUser(id); }, &code);
    if (!r)
        return code;
    if (ctx.json)
        ctx.printJson(QJsonObject{{QStringLiteral("deleted"), id}});
    else
        ctx.out << spkctl::tr("User %1 removed.").arg(id) << Qt::endl;
    return ExitOk;
}

} // namespace

int runUsers(Context &ctx, const QStringList &argv)
{
    const CommandArgs args(argv, {QCommandLineOption(QStringLiteral("role"), {}, QStringLiteral("ROLE")),
                                  QCommandLineOption(QStringLiteral("password-stdin"))});
    if (const auto done = startCommand(ctx, args, QStringLiteral("users"), usersHelp()))
        return *done;
    QStringList rest = args.positional();
    const QString sub = rest.isEmpty() ? QString() : rest.takeFirst();
    const bool isAdd = sub == QLatin1String("add");
    if (!isAdd && (args.isSet(QStringLiteral("role")) || args.isSet(QStringLiteral("password-stdin"))))
        return ctx.usage(spkctl::tr("--role and --password-stdin only apply to users add."),
                         QStringLiteral("users"));
    if (sub != QLatin1String("ls") && sub != QLatin1String("list") && !isAdd && sub != QLatin1String("rm") &&
        sub != QLatin1String("remove"))
        return ctx.usage(sub.isEmpty()
                             ? spkctl::tr("Say what to do: users ls, add or rm.")
                             : spkctl::tr("Unknown users command \"%1\"; use ls, add or rm.").arg(sub),
                         QStringLiteral("users"));
    if (isAdd)
        return addUser(ctx, args, rest);
    if (sub == QLatin1String("rm") || sub == QLatin1String("remove"))
        return removeUser(ctx, rest);
    return listUsers(ctx, rest);
}

} // namespace spk::cli
