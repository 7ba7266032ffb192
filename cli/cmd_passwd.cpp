// spkctl passwd: change your own password (PUT /api/me/password)
#include "cli/command_line.h"
#include "cli/command_steps.h"
#include "cli/commands.h"
#include "cli/context.h"
#include "cli/format.h"
#include "cli/new_password.h"
#include "cli/password_prompt.h"
#include "cli/tr.h"
#include "shared/client/models.h"

namespace spk::cli {

namespace {

CommandHelp passwdHelp()
{
    return {QStringLiteral("spkctl passwd [--password-stdin]"),
            spkctl::tr("Changes the password of the logged-in account. Asks for the current password and\n"
                       "twice for the new one on the terminal; with --password-stdin reads two lines from\n"
                       "standard input: the current password, then the new one (8-128 characters).\n"
                       "Every other login of the account ends (its tokens stop working, its live\n"
                       "connections close); the fresh token the server returns is saved in place of the\n"
                       "old one, so this spkctl stays logged in."),
            {{QStringLiteral("--password-stdin"), spkctl::tr("read both passwords from standard input")}},
            {QStringLiteral("spkctl passwd"),
             QStringLiteral("printf '%s\\n%s\\n' \"$OLD\" \"$NEW\" | spkctl passwd --password-stdin")}};
}

bool readCurrentPassword(Context &ctx, bool fromStdin, QString *password, int *code)
{
    const bool ok = fromStdin ? readLineFromStdin(password)
                              : stdinIsTerminal() && promptHidden(spkctl::tr("Current password: "), password);
    if (ok && !password->isEmpty())
        return true;
    *code = ctx.usage(fromStdin ? spkctl::tr("--password-stdin: standard input has no current password.")
                      : stdinIsTerminal()
                          ? spkctl::tr("No password given.")
                          : spkctl::tr("No terminal to ask for the password; use --password-stdin."),
                      QStringLiteral("passwd"));
    return false;
}

} // namespace

int runPasswd(Context &ctx, const QStringList &argv)
{
    const CommandArgs args(argv, {QCommandLineOption(QStringLiteral("password-stdin"))});
    if (const auto done = startCommand(ctx, args, QStringLiteral("passwd"), passwdHelp()))
        return *done;
    if (!args.positional().isEmpty())
        return ctx.usage(spkctl::tr("passwd takes no arguments."), QStringLiteral("passwd"));
    if (!ctx.requireToken())
        return ExitAuth;
    const bool fromStdin = args.isSet(QStringLiteral("password-stdin"));
    QString current, next;
    int code = 0;
    if (!readCurrentPassword(ctx, fromStdin, &current, &code) ||
        !readNewPassword(ctx, fromStdin, QStringLiteral("passwd"), &next, &code))
        return code;
    const auto r = callWithToken(
        ctx, [&] { return ctx.api().changeOwnPassword(current, next); }, &code);
    if (!r)
        return code;
    const client::LoginResult login = client::LoginResult::fromJson(r->json);
    // Only a saved login is replaced: a --token given on the command line stays the caller's business.
    StoredCredentials saved = ctx.store.load();
    if (!login.token.isEmpty() && !saved.token.isEmpty() && saved.token == ctx.token) {
        saved.token = login.token;
        saved.expiresAt = login.expiresAt;
        QString saveError;
        if (!ctx.store.save(saved, &saveError))
            ctx.error(saveError);
    }
    if (ctx.json) {
        ctx.printJson(r->json);
        return ExitOk;
    }
    ctx.out << spkctl::tr("Password changed for %1; other logins of this account have ended.")
                   .arg(login.user.username)
            << Qt::endl;
    return ExitOk;
}

} // namespace spk::cli
