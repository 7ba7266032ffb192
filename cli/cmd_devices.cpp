// spkctl devices ls | show | add | secret | rm
#include "cli/command_line.h"
#include "cli/command_steps.h"
#include "cli/commands.h"
#include "cli/context.h"
#include "cli/format.h"
#include "cli/table_printer.h"
#include "cli/tr.h"
#include "shared/client/models.h"
#include "shared/protocol/device_messages.h"

namespace spk::cli {

namespace {

CommandHelp devicesHelp()
{
    return {QStringLiteral("spkctl devices ls [--owner USER_ID]\n"
                           "spkctl devices show DEVICE_ID\n"
                           "spkctl devices add DEVICE_ID --name NAME --owner USER_ID\n"
                           "spkctl devices secret DEVICE_ID\n"
                           "spkctl devices rm DEVICE_ID"),
            spkctl::tr("ls    lists the speakers you may see (admin and support: all of them; --owner\n"
                       "      narrows the list to one user's speakers).\n"
                       "show  prints everything the server knows about one speaker.\n"
                       "add   registers a speaker (admin). The answer contains the device secret, which\n"
                       "      the speaker needs to connect: it is shown only this once.\n"
                       "secret gives a speaker a new secret (admin), shown only this once: the old one\n"
                       "      stops working at once and the speaker is disconnected until it has the new\n"
                       "      one. Use it for a lost secret, or for speakers added before the broker\n"
                       "      asked for credentials.\n"
                       "rm    deletes a speaker (admin); it is disconnected at once.\n"
                       "Device ids are 1-64 letters, digits, '_' or '-'."),
            {{QStringLiteral("--owner USER_ID"), spkctl::tr("ls: only this user's speakers; add: the owner")},
             {QStringLiteral("--name NAME"), spkctl::tr("add: a name people recognise, e.g. \"Kitchen\"")}},
            {QStringLiteral("spkctl devices ls"), QStringLiteral("spkctl devices ls --owner 3 --json"),
             QStringLiteral("spkctl devices show kitchen-1"),
             QStringLiteral("spkctl devices add kitchen-1 --name \"Kitchen\" --owner 3"),
             QStringLiteral("spkctl devices secret kitchen-1"),
             QStringLiteral("spkctl devices rm kitchen-1")}};
}

QString onlineText(const client::Device &d)
{
    return d.online ? spkctl::tr("online") : spkctl::tr("offline");
}

int listDevices(Context &ctx, const CommandArgs &args, const QStringList &rest)
{
    if (!rest.isEmpty())
        return ctx.usage(spkctl::tr("devices ls takes no arguments."), QStringLiteral("devices"));
    std::optional<qint64> owner;
    if (args.isSet(QStringLiteral("owner"))) {
        qint64 id = 0;
        QString error;
        if (!parseId(args.value(QStringLiteral("owner")), QStringLiteral("--owner"), &id, &error))
            return ctx.usage(error, QStringLiteral("devices"));
        owner = id;
    }
    int code = 0;
    const auto r = callWithToken(
        ctx, [&] { return ctx.api().listDevices(owner); }, &code);
    if (!r)
        return code;
    if (ctx.json) {
        ctx.printJson(r->json);
        return ExitOk;
    }
    const QList<client::Device> devices = client::Device::listFromJson(r->json);
    if (devices.isEmpty()) {
        ctx.out << spkctl::tr("No devices.") << Qt::endl;
        return ExitOk;
    }
    TablePrinter table({spkctl::tr("ID"), spkctl::tr("NAME"), spkctl::tr("OWNER"), spkctl::tr("STATE"),
                        spkctl::tr("VOLUME"), spkctl::tr("BATTERY"), spkctl::tr("FIRMWARE"),
                        spkctl::tr("LAST SEEN")});
    for (int c : {2, 4, 5})
        table.setRightAligned(c);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const client::Device &d : devices) {
        table.addRow({d.id, d.name, QString::number(d.ownerId), onlineText(d), orDash(d.applied.volume),
                      orDash(d.battery, QStringLiteral("%")), orDash(d.firmware),
                      d.lastSeen.isValid() ? formatAgo(d.lastSeen.secsTo(now)) : spkctl::tr("never")});
    }
    table.print(ctx.out);
    return ExitOk;
}

void printDevice(Context &ctx, const client::Device &d)
{
    TablePrinter t({spkctl::tr("FIELD"), spkctl::tr("VALUE")});
    t.addRow({spkctl::tr("id"), d.id});
    t.addRow({spkctl::tr("name"), d.name});
    t.addRow({spkctl::tr("owner"), QString::number(d.ownerId)});
    t.addRow({spkctl::tr("state"), onlineText(d)});
    // What the device runs, one row per config key (the names are the wire's, as in `spkctl config`).
    const QJsonObject applied = spk::proto::toJson(d.applied);
    for (const spk::wire::ConfigKey &k : spk::wire::kConfigKeys)
        t.addRow({QLatin1String(k.name), applied.contains(QLatin1String(k.name))
                                             ? formatScalar(applied.value(QLatin1String(k.name)))
                                             : QStringLiteral("-")});
    t.addRow({spkctl::tr("battery"), orDash(d.battery, QStringLiteral("%"))});
    t.addRow({spkctl::tr("temperature"), orDash(d.temperature, 1, QStringLiteral(" °C"))});
    t.addRow({spkctl::tr("firmware"), orDash(d.firmware)});
    t.addRow({spkctl::tr("last seen"), formatTimeAgo(d.lastSeen)});
    t.addRow({spkctl::tr("created"), formatTime(d.createdAt)});
    t.addRow({spkctl::tr("updated"), formatTime(d.updatedAt)});
    if (!d.config.isEmpty())
        t.addRow({spkctl::tr("config"),
                  formatSettings(d.config) +
                      (d.configPending ? spkctl::tr(" (not yet acknowledged)") : QString())});
    // The header row is noise for a key/value listing.
    ctx.out << t.render().section(QLatin1Char('\n'), 1);
}

int showDevice(Context &ctx, const CommandArgs &args, const QStringList &rest)
{
    if (rest.size() != 1)
        return ctx.usage(spkctl::tr("devices show needs exactly one DEVICE_ID."), QStringLiteral("devices"));
    const QString id = rest.first();
    int code = 0;
    if (!checkDeviceId(ctx, id, QStringLiteral("devices"), &code))
        return code;
    const auto r = callWithToken(
        ctx, [&] { return ctx.api().device(id); }, &code);
    if (!r)
        return code;
    if (ctx.json)
        ctx.printJson(r->json);
    else
        printDevice(ctx, client::Device::fromJson(r->json));
    return ExitOk;
}

int addDevice(Context &ctx, const CommandArgs &args, const QStringList &rest)
{
    if (rest.size() != 1)
        return ctx.usage(spkctl::tr("devices add needs exactly one DEVICE_ID."), QStringLiteral("devices"));
    const QString id = rest.first();
    int code = 0;
    if (!checkDeviceId(ctx, id, QStringLiteral("devices"), &code))
        return code;
    const QString name = args.value(QStringLiteral("name")).trimmed();
    if (name.isEmpty())
        return ctx.usage(spkctl::tr("devices add needs --name NAME."), QStringLiteral("devices"));
    if (!args.isSet(QStringLiteral("owner")))
        return ctx.usage(spkctl::tr("devices add needs --owner USER_ID (see \"spkctl users ls\")."),
                         QStringLiteral("devices"));
    qint64 owner = 0;
    QString error;
    if (!parseId(args.value(QStringLiteral("owner")), QStringLiteral("--owner"), &owner, &error))
        return ctx.usage(error, QStringLiteral("devices"));

    const auto r = callWithToken(
        ctx, [&] { return ctx.api().addDevice(id, name, owner); }, &code);
    if (!r)
        return code;
    if (ctx.json) {
        ctx.printJson(r->json);
        return ExitOk;
    }
    const client::Device d = client::Device::fromJson(r->json);
    ctx.out << spkctl::tr("Device %1 (\"%2\") added for user %3.").arg(d.id, d.name).arg(d.ownerId)
            << Qt::endl
            << Qt::endl
            << spkctl::tr("Device secret - shown only now; put it on the speaker and keep it safe:")
            << Qt::endl
            << Qt::endl
            << QStringLiteral("    ") << d.secret << Qt::endl
            << Qt::endl;
    return ExitOk;
}

int rotateSecret(Context &ctx, const CommandArgs &args, const QStringList &rest)
{
    if (rest.size() != 1)
        return ctx.usage(spkctl::tr("devices secret needs exactly one DEVICE_ID."),
                         QStringLiteral("devices"));
    const QString id = rest.first();
    int code = 0;
    if (!checkDeviceId(ctx, id, QStringLiteral("devices"), &code))
        return code;
    const auto r = callWithToken(
        ctx, [&] { return ctx.api().rotateDeviceSecret(id); }, &code);
    if (!r)
        return code;
    if (ctx.json) {
        ctx.printJson(QJsonObject{{QStringLiteral("id"), id},
                                  {QStringLiteral("secret"), r->json.value(QLatin1String("secret"))}});
        return ExitOk;
    }
    ctx.out << spkctl::tr("Device %1 has a new secret; the old one no longer works.").arg(id) << Qt::endl
            << Qt::endl
            << spkctl::tr("Device secret - shown only now; put it on the speaker and keep it safe:")
            << Qt::endl
            << Qt::endl
            << QStringLiteral("    ") << r->json.value(QLatin1String("secret")).toString() << Qt::endl
            << Qt::endl;
    return ExitOk;
}

int removeDevice(Context &ctx, const CommandArgs &args, const QStringList &rest)
{
    if (rest.size() != 1)
        return ctx.usage(spkctl::tr("devices rm needs exactly one DEVICE_ID."), QStringLiteral("devices"));
    const QString id = rest.first();
    int code = 0;
    if (!checkDeviceId(ctx, id, QStringLiteral("devices"), &code))
        return code;
    const auto r = callWithToken(
        ctx, [&] { return ctx.api().removeDevice(id); }, &code);
    if (!r)
        return code;
    if (ctx.json)
        ctx.printJson(QJsonObject{{QStringLiteral("deleted"), id}});
    else
        ctx.out << spkctl::tr("Device %1 removed.").arg(id) << Qt::endl;
    return ExitOk;
}

} // namespace

int runDevices(Context &ctx, const QStringList &argv)
{
    const CommandArgs args(argv, {QCommandLineOption(QStringLiteral("owner"), {}, QStringLiteral("USER_ID")),
                                  QCommandLineOption(QStringLiteral("name"), {}, QStringLiteral("NAME"))});
    if (const auto done = startCommand(ctx, args, QStringLiteral("devices"), devicesHelp()))
        return *done;
    QStringList positional = args.positional();
    const QString sub = positional.isEmpty() ? QString() : positional.takeFirst();
    if (sub.isEmpty())
        return ctx.usage(spkctl::tr("Say what to do: devices ls, show, add, secret or rm."),
                         QStringLiteral("devices"));
    // Options that belong to another subcommand are mistakes, not silently ignored.
    const bool isAdd = sub == QLatin1String("add");
    if (args.isSet(QStringLiteral("name")) && !isAdd)
        return ctx.usage(spkctl::tr("--name only applies to devices add."), QStringLiteral("devices"));
    if (args.isSet(QStringLiteral("owner")) && !isAdd && sub != QLatin1String("ls"))
        return ctx.usage(spkctl::tr("--owner only applies to devices ls and add."),
                         QStringLiteral("devices"));

    if (sub == QLatin1String("ls") || sub == QLatin1String("list"))
        return listDevices(ctx, args, positional);
    if (sub == QLatin1String("show"))
        return showDevice(ctx, args, positional);
    if (isAdd)
        return addDevice(ctx, args, positional);
    if (sub == QLatin1String("secret"))
        return rotateSecret(ctx, args, positional);
    if (sub == QLatin1String("rm") || sub == QLatin1String("remove"))
        return removeDevice(ctx, args, positional);
    return ctx.usage(spkctl::tr("Unknown devices command \"%1\"; use ls, show, add, secret or rm.").arg(sub),
                     QStringLiteral("devices"));
}

} // namespace spk::cli
