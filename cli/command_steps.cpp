#include "cli/command_steps.h"

#include "cli/tr.h"
#include "shared/protocol/ids.h"

namespace spk::cli {

std::optional<int> startCommand(Context &ctx, const CommandArgs &args, const QString &command,
                                const CommandHelp &help)
{
    if (args.helpRequested()) {
        ctx.out << help.render();
        return ExitOk;
    }
    if (!args.ok())
        return ctx.usage(args.error(), command);
    return std::nullopt;
}

bool checkDeviceId(Context &ctx, const QString &id, const QString &command, int *code)
{
    if (spk::proto::isValidDeviceId(id))
        return true;
    *code = ctx.usage(spkctl::tr("\"%1\" is not a device id (1-64 letters, digits, '_' or '-').").arg(id),
                      command);
    return false;
}

std::optional<client::ApiResult> callWithToken(Context &ctx,
                                               const std::function<client::ApiReply *()> &request, int *code)
{
    if (!ctx.requireToken()) {
        *code = ExitAuth;
        return std::nullopt;
    }
    client::ApiResult r = ctx.call(request());
    if (!r.ok) {
        *code = ctx.fail(r);
        return std::nullopt;
    }
    return r;
}

} // namespace spk::cli
