// spkctl users ls | add | rm | set-role | set-password (admin)
#include "cli/command_line.h"
#include "cli/command_steps.h"
#include "cli/commands.h"
#include "cli/context.h"
#include "cli/format.h"
#include "cli/new_password.h"
#include "cli/table_printer.h"
#include "cli/tr.h"
#include "shared/client/models.h"

namespace spk::cli {

namespace {

CommandHelp usersHelp()
{
    return {QStringLiteral("spkctl users ls\n"
                           "spkctl users add USERNAME --role admin|support|user [--password-stdin]\n"
                           "spkctl users rm USER_ID\n"
                           "spkctl users set-role USER_ID admin|support|user\n"
                           "spkctl users set-password USER_ID [--password-stdin]"),
            spkctl::tr("Manages accounts (admin only).\n"
                       "Roles: admin can do everything; support can read all devices and sessions and\n"
                       "listen to audio, but change nothing; user sees only the speakers they own.\n"
                       "add asks for the new password twice on the terminal, or reads one line from\n"
                       "standard input with --password-stdin; so does set-password.\n"
                       "set-role and set-password end every login of that user at once (their\n"
                       "tokens stop working and their live connections close); they log in again.\n"
                       "You cannot change your own role; change your own password with spkctl passwd."),
            {{QStringLiteral("--role ROLE"), spkctl::tr("admin, support or user")},
             {QStringLiteral("--password-stdin"), spkctl::tr("read the password from standard input")}},
            {QStringLiteral("spkctl users ls"), QStringLiteral("spkctl users add alice --role user"),
             QStringLiteral(
                 "echo 'correct horse battery' | spkctl users add bob --role support --password-stdin"),
             QStringLiteral("spkctl users rm 7"), QStringLiteral("spkctl users set-role 7 support"),
             QStringLiteral("spkctl users set-password 7")}};
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
    if (!readNewPassword(ctx, args.isSet(QStringLiteral("password-stdin")), QStringLiteral("users"),
                         &password, &code))
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

// The user id of set-role / set-password, parsed; false with *code set.
bool userIdArgument(Context &ctx, const QString &text, qint64 *id, int *code)
{
    QString error;
    if (parseId(text, QStringLiteral("USER_ID"), id, &error))
        return true;
    *code = ctx.usage(error, QStringLiteral("users"));
    return false;
}

int printChangedUser(Context &ctx, const client::ApiResult &r, const QString &what)
{
    if (ctx.json) {
        ctx.printJson(r.json);
        return ExitOk;
    }
    const client::User u = client::User::fromJson(r.json);
    ctx.out << what.arg(u.username).arg(u.id).arg(u.role) << Qt::endl;
    ctx.out << spkctl::tr("Their earlier logins have ended.") << Qt::endl;
    return ExitOk;
}

int setRole(Context &ctx, const QStringList &rest)
{
    static const QStringList roles{QStringLiteral("admin"), QStringLiteral("support"),
                                   QStringLiteral("user")};
    if (rest.size() != 2 || !roles.contains(rest.at(1)))
        return ctx.usage(spkctl::tr("users set-role needs a USER_ID and a role: admin, support or user."),
                         QStringLiteral("users"));
    qint64 id = 0;
    int code = 0;
    if (!userIdArgument(ctx, rest.first(), &id, &code))
        return code;
    const auto r = callWithToken(
        ctx, [&] { return ctx.api().updateUser(id, rest.at(1), QString()); }, &code);
    if (!r)
        return code;
    return printChangedUser(ctx, *r, spkctl::tr("User %1 (id %2) now has the role %3."));
}

int setPassword(Context &ctx, const CommandArgs &args, const QStringList &rest)
{
    if (rest.size() != 1)
        return ctx.usage(spkctl::tr("users set-password needs exactly one USER_ID."),
                         QStringLiteral("users"));
    qint64 id = 0;
    int code = 0;
    if (!userIdArgument(ctx, rest.first(), &id, &code))
        return code;
    if (!ctx.requireToken())
        return ExitAuth;
    QString password;
    if (!readNewPassword(ctx, args.isSet(QStringLiteral("password-stdin")), QStringLiteral("users"),
                         &password, &code))
        return code;
    const auto r = callWithToken(
        ctx, [&] { return ctx.api().updateUser(id, QString(), password); }, &code);
    if (!r)
        return code;
    return printChangedUser(ctx, *r, spkctl::tr("User %1 (id %2, role %3) has a new password."));
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
    const bool isSetPassword = sub == QLatin1String("set-password");
    if (!isAdd && args.isSet(QStringLiteral("role")))
        return ctx.usage(spkctl::tr("--role only applies to users add (see users set-role)."),
                         QStringLiteral("users"));
    if (!isAdd && !isSetPassword && args.isSet(QStringLiteral("password-stdin")))
        return ctx.usage(spkctl::tr("--password-stdin only applies to users add and set-password."),
                         QStringLiteral("users"));
    static const QStringList known{QStringLiteral("ls"),          QStringLiteral("list"),
                                   QStringLiteral("add"),         QStringLiteral("rm"),
                                   QStringLiteral("remove"),      QStringLiteral("set-role"),
                                   QStringLiteral("set-password")};
    if (!known.contains(sub))
        return ctx.usage(sub.isEmpty()
                             ? spkctl::tr("Say what to do: users ls, add, rm, set-role or set-password.")
                             : spkctl::tr("Unknown users command \"%1\"; use ls, add, rm, set-role or "
                                          "set-password.")
                                   .arg(sub),
                         QStringLiteral("users"));
    if (isAdd)
        return addUser(ctx, args, rest);
    if (isSetPassword)
        return setPassword(ctx, args, rest);
    if (sub == QLatin1String("set-role"))
        return setRole(ctx, rest);
    if (sub == QLatin1String("rm") || sub == QLatin1String("remove"))
        return removeUser(ctx, rest);
    return listUsers(ctx, rest);
}

} // namespace spk::cli
