// spkctl login | logout | whoami
#include "cli/command_line.h"
#include "cli/command_steps.h"
#include "cli/commands.h"
#include "cli/context.h"
#include "cli/format.h"
#include "cli/password_prompt.h"
#include "cli/tr.h"
#include "shared/client/models.h"

namespace spk::cli {

namespace {

CommandHelp loginHelp()
{
    return {
        QStringLiteral("spkctl [--server URL] [--ca FILE] login [--user NAME] [--password-stdin]"),
        spkctl::tr("Logs in to spkd and saves the server address, the --ca file (if any) and the token in\n"
                   "$XDG_CONFIG_HOME/spk/spkctl.json (readable only by you), so later commands\n"
                   "need no --server or --token. Without --user you are asked for the name; the\n"
                   "password is read from the terminal without echo, or from the first line of\n"
                   "standard input with --password-stdin (for scripts)."),
        {{QStringLiteral("--user NAME"), spkctl::tr("account name")},
         {QStringLiteral("--password-stdin"), spkctl::tr("read the password from standard input")}},
        {QStringLiteral("spkctl --server http://127.0.0.1:8080 login --user admin"),
         QStringLiteral("spkctl --server https://spk.example --ca ca.crt login --user admin"),
         QStringLiteral("printf '%s\\n' \"$PASS\" | spkctl login --user ops --password-stdin")}};
}

CommandHelp logoutHelp()
{
    return {QStringLiteral("spkctl logout"),
            spkctl::tr("Revokes the saved token on the server (it stops working everywhere) and removes\n"
                       "it from the credentials file. The server address is kept."),
            {},
            {QStringLiteral("spkctl logout")}};
}

CommandHelp whoamiHelp()
{
    return {QStringLiteral("spkctl whoami"),
            spkctl::tr("Shows the user the current token belongs to."),
            {},
            {QStringLiteral("spkctl whoami"), QStringLiteral("spkctl --json whoami")}};
}

} // namespace

int runLogin(Context &ctx, const QStringList &argv)
{
    const CommandArgs args(argv, {QCommandLineOption(QStringLiteral("user"), {}, QStringLiteral("NAME")),
                                  QCommandLineOption(QStringLiteral("password-stdin"))});
    if (const auto done = startCommand(ctx, args, QStringLiteral("login"), loginHelp()))
        return *done;
    if (!args.positional().isEmpty())
        return ctx.usage(spkctl::tr("login takes no arguments; use --user NAME."), QStringLiteral("login"));

    const bool fromStdin = args.isSet(QStringLiteral("password-stdin"));
    QString user = args.value(QStringLiteral("user"));
    if (user.isEmpty()) {
        if (fromStdin || !stdinIsTerminal())
            return ctx.usage(spkctl::tr("Give the account name with --user when not on a terminal."),
                             QStringLiteral("login"));
        if (!promptVisible(spkctl::tr("Username: "), &user) || user.trimmed().isEmpty())
            return ctx.usage(spkctl::tr("No username given."), QStringLiteral("login"));
        user = user.trimmed();
    }
    QString password;
    if (fromStdin) {
        if (!readLineFromStdin(&password))
            return ctx.usage(spkctl::tr("--password-stdin: standard input is empty."),
                             QStringLiteral("login"));
    } else if (stdinIsTerminal()) {
        if (!promptHidden(spkctl::tr("Password for %1: ").arg(user), &password))
            return ctx.usage(spkctl::tr("No password given."), QStringLiteral("login"));
    } else {
        return ctx.usage(spkctl::tr("No terminal to ask for the password; use --password-stdin."),
                         QStringLiteral("login"));
    }

    ctx.api().setToken(QString()); // login carries no token
    const client::ApiResult r = ctx.call(ctx.api().login(user, password));
    if (!r.ok)
        return ctx.fail(r);
    const client::LoginResult login = client::LoginResult::fromJson(r.json);
    if (login.token.isEmpty())
        return ctx.error(spkctl::tr("The server answered the login without a token."));

    QString saveError;
    if (!ctx.store.save({ctx.server, login.token, login.user.username, login.expiresAt, ctx.caFile},
                        &saveError))
        return ctx.error(saveError);
    if (ctx.json) {
        ctx.printJson(r.json);
        return ExitOk;
    }
    ctx.out << spkctl::tr("Logged in to %1 as %2 (%3).").arg(ctx.server, login.user.username, login.user.role)
            << Qt::endl;
    if (login.expiresAt.isValid())
        ctx.out << spkctl::tr("The token is valid until %1.").arg(formatTime(login.expiresAt)) << Qt::endl;
    ctx.out << spkctl::tr("Saved to %1.").arg(ctx.store.filePath()) << Qt::endl;
    return ExitOk;
}

int runLogout(Context &ctx, const QStringList &argv)
{
    const CommandArgs args(argv, {});
    if (const auto done = startCommand(ctx, args, QStringLiteral("logout"), logoutHelp()))
        return *done;
    if (!args.positional().isEmpty())
        return ctx.usage(spkctl::tr("logout takes no arguments."), QStringLiteral("logout"));
    if (!ctx.requireToken())
        return ExitAuth;

    const client::ApiResult r = ctx.call(ctx.api().logout());
    // Forget the token locally whatever the server said: a rejected token is useless anyway,
    // and after a network failure the person still asked not to be logged in here.
    QString clearError;
    const bool cleared = ctx.store.clearToken(&clearError);
    if (!cleared)
        ctx.error(clearError);
    if (!r.ok && r.httpStatus != 401) {
        ctx.fail(r);
        ctx.err << spkctl::tr("The token was removed locally but could not be revoked on the server.")
                << Qt::endl;
        return exitCodeFor(r);
    }
    ctx.out << (r.ok ? spkctl::tr("Logged out; the token is revoked.")
                     : spkctl::tr("The token was no longer valid; removed it locally."))
            << Qt::endl;
    return cleared ? ExitOk : ExitError;
}

int runWhoami(Context &ctx, const QStringList &argv)
{
    const CommandArgs args(argv, {});
    if (const auto done = startCommand(ctx, args, QStringLiteral("whoami"), whoamiHelp()))
        return *done;
    if (!args.positional().isEmpty())
        return ctx.usage(spkctl::tr("whoami takes no arguments."), QStringLiteral("whoami"));
    int code = 0;
    const auto r = callWithToken(
        ctx, [&] { return ctx.api().me(); }, &code);
    if (!r)
        return code;
    if (ctx.json) {
        ctx.printJson(r->json);
        return ExitOk;
    }
    const client::User u = client::User::fromJson(r->json);
    ctx.out << spkctl::tr("%1 (id %2, role %3) on %4").arg(u.username).arg(u.id).arg(u.role, ctx.server)
            << Qt::endl;
    return ExitOk;
}

} // namespace spk::cli
