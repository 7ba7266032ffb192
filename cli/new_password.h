#pragma once
// A new password as spkctl asks for it (users add, users set-password, passwd): twice on the terminal,
// or one line of standard input with --password-stdin.
#include <QString>

namespace spk::cli {
class Context;

// False with *code set (after a usage hint for `command`) when no password was given or they differ.
bool readNewPassword(Context &ctx, bool fromStdin, const QString &command, QString *password, int *code);

} // namespace spk::cli
