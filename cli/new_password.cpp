#include "cli/new_password.h"

#include "cli/context.h"
#include "cli/password_prompt.h"
#include "cli/tr.h"

namespace spk::cli {

bool readNewPassword(Context &ctx, bool fromStdin, const QString &command, QString *password, int *code)
{
    if (fromStdin) {
        if (readLineFromStdin(password) && !password->isEmpty())
            return true;
        *code = ctx.usage(spkctl::tr("--password-stdin: standard input has no password."), command);
        return false;
    }
    if (!stdinIsTerminal()) {
        *code = ctx.usage(spkctl::tr("No terminal to ask for the password; use --password-stdin."), command);
        return false;
    }
    QString again;
    if (!promptHidden(spkctl::tr("New password: "), password) || password->isEmpty() ||
        !promptHidden(spkctl::tr("Repeat the password: "), &again)) {
        *code = ctx.usage(spkctl::tr("No password given."), command);
        return false;
    }
    if (again != *password) {
        *code = ctx.usage(spkctl::tr("The passwords do not match."), command);
        return false;
    }
    return true;
}

} // namespace spk::cli
