#pragma once
// The steps every spkctl command repeats, written once: the start (--help page, refused options), the
// device-id check, and a REST call that needs the token (missing token, failed call -> exit code).
#include "cli/command_line.h"
#include "cli/context.h"

#include <functional>
#include <optional>

namespace spk::cli {

// --help prints `help` (ExitOk); options it does not know print a usage hint for `command` (ExitUsage).
// nullopt when the command goes on.
std::optional<int> startCommand(Context &ctx, const CommandArgs &args, const QString &command,
                                const CommandHelp &help);

// False with *code = ExitUsage (after the hint) when `id` is not a device id.
bool checkDeviceId(Context &ctx, const QString &id, const QString &command, int *code);

// Checks the token before sending (a request without one would only be refused), runs the request and
// reports its failure. nullopt with *code set (ExitAuth, or the documented code of the failure).
std::optional<client::ApiResult> callWithToken(Context &ctx,
                                               const std::function<client::ApiReply *()> &request, int *code);

} // namespace spk::cli
