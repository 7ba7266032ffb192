// spkctl watch: the live feed (/ws) as lines on stdout until Ctrl-C.
#include "cli/command_line.h"
#include "cli/command_steps.h"
#include "cli/commands.h"
#include "cli/context.h"
#include "cli/interrupt_watcher.h"
#include "cli/live_event_formatter.h"
#include "cli/tr.h"
#include "shared/client/live_client.h"
#include "shared/protocol/ids.h"

#include "shared/wire/fields.h"
#include <QEventLoop>

namespace spk::cli {

namespace {

CommandHelp watchHelp()
{
    return {QStringLiteral("spkctl watch [--device ID] [--count N]"),
            spkctl::tr("Streams what happens on your speakers as it happens: status changes, the stages\n"
                       "of each conversation, and config acknowledgements. One line per event; with\n"
                       "--json one JSON object per line, exactly as the server sent it. Reconnects by\n"
                       "itself when the connection drops. Ctrl-C stops (exit code 0)."),
            {{QStringLiteral("--device ID"), spkctl::tr("only events of this speaker")},
             {QStringLiteral("--count N"), spkctl::tr("stop after N events")}},
            {QStringLiteral("spkctl watch"), QStringLiteral("spkctl watch --device kitchen-1"),
             QStringLiteral("spkctl --json watch | jq -c 'select(.type==\"session_progress\")'")}};
}

} // namespace

int runWatch(Context &ctx, const QStringList &argv)
{
    const CommandArgs args(argv, {QCommandLineOption(QStringLiteral("device"), {}, QStringLiteral("ID")),
                                  QCommandLineOption(QStringLiteral("count"), {}, QStringLiteral("N"))});
    if (const auto done = startCommand(ctx, args, QStringLiteral("watch"), watchHelp()))
        return *done;
    if (!args.positional().isEmpty())
        return ctx.usage(spkctl::tr("watch takes no arguments; use --device ID."), QStringLiteral("watch"));
    const QString device = args.value(QStringLiteral("device"));
    if (args.isSet(QStringLiteral("device")) && !spk::proto::isValidDeviceId(device))
        return ctx.usage(spkctl::tr("\"%1\" is not a device id.").arg(device), QStringLiteral("watch"));
    int remaining = -1;
    QString error;
    if (args.isSet(QStringLiteral("count")) &&
        !parsePositiveInt(args.value(QStringLiteral("count")), QStringLiteral("--count"), 1000000, &remaining,
                          &error))
        return ctx.usage(error, QStringLiteral("watch"));
    if (!ctx.requireToken())
        return ExitAuth;

    client::LiveClient live;
    live.setBaseUrl(QUrl(ctx.server));
    live.setToken(ctx.token);
    live.setCaFile(ctx.caFile); // an unusable file fails open() with tlsFailed()
    InterruptWatcher interrupts;
    QEventLoop loop;
    int exitCode = ExitOk;

    QObject::connect(&interrupts, &InterruptWatcher::interrupted, &loop, [&] { loop.quit(); });
    QObject::connect(&live, &client::LiveClient::connected, &loop, [&] {
        ctx.err << spkctl::tr("Watching %1 (Ctrl-C to stop).")
                       .arg(client::LiveClient::liveUrlFor(QUrl(ctx.server)).toString())
                << Qt::endl;
    });
    QObject::connect(&live, &client::LiveClient::disconnected, &loop,
                     [&] { ctx.err << spkctl::tr("Connection lost; reconnecting...") << Qt::endl; });
    QObject::connect(&live, &client::LiveClient::errorOccurred, &loop, [&](const QString &message) {
        if (live.state() != client::LiveClient::State::AuthFailed &&
            live.state() != client::LiveClient::State::TlsFailed)
            ctx.err << spkctl::tr("spkctl: %1").arg(message) << Qt::endl;
    });
    QObject::connect(&live, &client::LiveClient::authFailed, &loop, [&] {
        ctx.err << spkctl::tr("spkctl: the server rejected the token. Log in again: spkctl login")
                << Qt::endl;
        exitCode = ExitAuth;
        loop.quit();
    });
    QObject::connect(&live, &client::LiveClient::tlsFailed, &loop, [&](const QString &message) {
        ctx.err << spkctl::tr("spkctl: %1").arg(message) << Qt::endl;
        exitCode = ExitError;
        loop.quit();
    });
    QObject::connect(&live, &client::LiveClient::messageReceived, &loop, [&](const QJsonObject &m) {
        if (!device.isEmpty() && m.value(QLatin1String(spk::wire::field::kDeviceId)).toString() != device)
            return;
        if (ctx.json) {
            ctx.printJsonLine(m);
        } else {
            const QString line = formatLiveEvent(m, QDateTime::currentDateTime());
            if (line.isEmpty())
                return;
            ctx.out << line << Qt::endl;
        }
        if (remaining > 0 && --remaining == 0)
            loop.quit();
    });

    live.open();
    loop.exec();
    QObject::disconnect(&live, nullptr, &loop, nullptr); // closing on purpose is not "connection lost"
    live.close();
    return exitCode;
}

} // namespace spk::cli
