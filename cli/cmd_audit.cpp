// spkctl audit (admin)
#include "cli/command_line.h"
#include "cli/command_steps.h"
#include "cli/commands.h"
#include "cli/context.h"
#include "cli/format.h"
#include "cli/table_printer.h"
#include "cli/tr.h"
#include "shared/client/models.h"

namespace spk::cli {

namespace {

CommandHelp auditHelp()
{
    return {
        QStringLiteral("spkctl audit [--limit N] [--before CURSOR]"),
        spkctl::tr("Shows the audit log, newest first (admin only): who did what to which object,\n"
                   "when, and from which address. Failed logins are included."),
        {{QStringLiteral("--limit N"), spkctl::tr("at most N entries (1-1000; server default otherwise)")},
         {QStringLiteral("--before CURSOR"), spkctl::tr("entries older than this entry id (paging)")}},
        {QStringLiteral("spkctl audit --limit 20"),
         QStringLiteral("spkctl --json audit | jq '.entries[].action'")}};
}

QString objectText(const client::AuditEntry &e)
{
    if (e.objectType.isEmpty())
        return orDash(e.objectId);
    return e.objectId.isEmpty() ? e.objectType : e.objectType + QLatin1Char(' ') + e.objectId;
}

} // namespace

int runAudit(Context &ctx, const QStringList &argv)
{
    const CommandArgs args(argv,
                           {QCommandLineOption(QStringLiteral("limit"), {}, QStringLiteral("N")),
                            QCommandLineOption(QStringLiteral("before"), {}, QStringLiteral("CURSOR"))});
    if (const auto done = startCommand(ctx, args, QStringLiteral("audit"), auditHelp()))
        return *done;
    if (!args.positional().isEmpty())
        return ctx.usage(spkctl::tr("audit takes no arguments; use --limit N."), QStringLiteral("audit"));
    client::AuditQuery query;
    QString error;
    if (args.isSet(QStringLiteral("limit")) &&
        !parsePositiveInt(args.value(QStringLiteral("limit")), QStringLiteral("--limit"), 1000, &query.limit,
                          &error))
        return ctx.usage(error, QStringLiteral("audit"));
    query.before = args.value(QStringLiteral("before"));
    int code = 0;
    const auto r = callWithToken(
        ctx, [&] { return ctx.api().audit(query); }, &code);
    if (!r)
        return code;
    if (ctx.json) {
        ctx.printJson(r->json);
        return ExitOk;
    }
    const QList<client::AuditEntry> entries = client::AuditEntry::listFromJson(r->json);
    if (entries.isEmpty()) {
        ctx.out << spkctl::tr("No audit entries.") << Qt::endl;
        return ExitOk;
    }
    TablePrinter table({spkctl::tr("TIME"), spkctl::tr("ACTOR"), spkctl::tr("ACTION"), spkctl::tr("OBJECT"),
                        spkctl::tr("FROM"), spkctl::tr("DETAILS")});
    for (const client::AuditEntry &e : entries) {
        const QString actor = !e.actor.isEmpty() ? e.actor
                              : e.actorId        ? QString::number(e.actorId)
                                                 : spkctl::tr("(anonymous)");
        table.addRow({formatTime(e.at), actor, e.action, objectText(e), orDash(e.source),
                      e.details.isEmpty() ? QString() : formatSettings(e.details)});
    }
    table.print(ctx.out);
    return ExitOk;
}

} // namespace spk::cli
