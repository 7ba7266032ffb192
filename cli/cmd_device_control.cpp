// spkctl config | reboot: commands the device must acknowledge.
#include "cli/command_line.h"
#include "cli/command_steps.h"
#include "cli/commands.h"
#include "cli/context.h"
#include "cli/format.h"
#include "cli/key_value_parser.h"
#include "cli/tr.h"
#include "shared/wire/device_config.h"
#include "shared/wire/fields.h"

namespace spk::cli {

namespace {

// "volume 0-100, muted true/false": the settings a device takes, from their one declaration.
QString settingsList()
{
    QStringList keys;
    for (const spk::wire::ConfigKey &k : spk::wire::kConfigKeys)
        keys << (k.type == spk::wire::ConfigValueType::Boolean
                     ? QStringLiteral("%1 true/false").arg(QLatin1String(k.name))
                     : QStringLiteral("%1 %2-%3").arg(QLatin1String(k.name)).arg(k.min).arg(k.max));
    return keys.join(QStringLiteral(", "));
}

CommandHelp configHelp()
{
    return {QStringLiteral("spkctl config DEVICE_ID KEY=VALUE [KEY=VALUE...]"),
            spkctl::tr("Changes a speaker's settings (owner or admin). The server saves them first, then\n"
                       "sends them to the speaker and waits up to 5 s for its acknowledgement.\n"
                       "Values are typed: 80 is a number, 0.5 a number, true/false booleans, null a null,\n"
                       "anything else (or anything in quotes) a string. Settings: %1.\n"
                       "If the speaker does not answer in time, spkctl exits with code 6: the settings\n"
                       "stay saved and reach the speaker when it reconnects.")
                .arg(settingsList()),
            {},
            {QStringLiteral("spkctl config kitchen-1 volume=80"),
             QStringLiteral("spkctl config kitchen-1 volume=30 muted=true"),
             QStringLiteral("spkctl --json config kitchen-1 volume=55")}};
}

CommandHelp rebootHelp()
{
    return {QStringLiteral("spkctl reboot DEVICE_ID"),
            spkctl::tr("Restarts a speaker (owner or admin) and waits up to 5 s for it to acknowledge.\n"
                       "Exit code 6 when the speaker does not answer in time."),
            {},
            {QStringLiteral("spkctl reboot kitchen-1")}};
}

// Shared shape of config and reboot: validate the id, send, report ack or timeout.
int reportAck(Context &ctx, const QString &deviceId, const client::ApiResult &r, const QString &okText)
{
    if (!r.ok) {
        const int code = ctx.fail(r);
        if (code == ExitDeviceTimeout)
            ctx.err << spkctl::tr("The device %1 did not acknowledge in time. The request is saved and will "
                                  "be delivered when the device reconnects.")
                           .arg(deviceId)
                    << Qt::endl;
        return code;
    }
    if (ctx.json)
        ctx.printJson(r.json);
    else
        ctx.out << okText << Qt::endl;
    return ExitOk;
}

} // namespace

int runConfig(Context &ctx, const QStringList &argv)
{
    const CommandArgs args(argv, {});
    if (const auto done = startCommand(ctx, args, QStringLiteral("config"), configHelp()))
        return *done;
    QStringList rest = args.positional();
    if (rest.isEmpty())
        return ctx.usage(spkctl::tr("config needs a DEVICE_ID and at least one KEY=VALUE."),
                         QStringLiteral("config"));
    const QString id = rest.takeFirst();
    int code = 0;
    if (!checkDeviceId(ctx, id, QStringLiteral("config"), &code))
        return code;
    const KeyValueResult settings = parseKeyValues(rest);
    if (!settings.ok())
        return ctx.usage(settings.error, QStringLiteral("config"));
    if (!ctx.requireToken())
        return ExitAuth;

    const client::ApiResult r = ctx.call(ctx.api().setConfig(id, settings.object));
    QJsonObject applied = r.json.value(QLatin1String(spk::wire::field::kConfig)).toObject();
    if (applied.isEmpty())
        applied = settings.object;
    return reportAck(ctx, id, r, spkctl::tr("%1 acknowledged: %2").arg(id, formatSettings(applied)));
}

int runReboot(Context &ctx, const QStringList &argv)
{
    const CommandArgs args(argv, {});
    if (const auto done = startCommand(ctx, args, QStringLiteral("reboot"), rebootHelp()))
        return *done;
    if (args.positional().size() != 1)
        return ctx.usage(spkctl::tr("reboot needs exactly one DEVICE_ID."), QStringLiteral("reboot"));
    const QString id = args.positional().first();
    int code = 0;
    if (!checkDeviceId(ctx, id, QStringLiteral("reboot"), &code))
        return code;
    if (!ctx.requireToken())
        return ExitAuth;
    const client::ApiResult r = ctx.call(ctx.api().reboot(id));
    return reportAck(ctx, id, r, spkctl::tr("%1 acknowledged the reboot.").arg(id));
}

} // namespace spk::cli
