// spkctl sessions ls | show | audio
#include "cli/command_line.h"
#include "cli/command_steps.h"
#include "cli/commands.h"
#include "cli/context.h"
#include "cli/format.h"
#include "cli/password_prompt.h"
#include "cli/table_printer.h"
#include "cli/tr.h"
#include "shared/client/models.h"
#include "shared/protocol/ids.h"
#include "shared/wire/fields.h"

namespace spk::cli {

namespace {

CommandHelp sessionsHelp()
{
    return {QStringLiteral("spkctl sessions ls [--device ID] [--status S] [--limit N] [--before CURSOR]\n"
                           "spkctl sessions show SESSION_ID\n"
                           "spkctl sessions audio SESSION_ID --track user|assistant -o FILE"),
            spkctl::tr("ls     lists conversations newest first, on the speakers you may see. When more\n"
                       "       exist, the command for the next page is printed on stderr.\n"
                       "show   prints one conversation: what was heard, what was answered, and how long\n"
                       "       each stage took.\n"
                       "audio  saves a recorded track as Ogg Opus: user = what the speaker heard,\n"
                       "       assistant = what it played (support, admin or the owner)."),
            {{QStringLiteral("--device ID"), spkctl::tr("ls: only this speaker")},
             {QStringLiteral("--status S"), spkctl::tr("ls: active, completed or failed")},
             {QStringLiteral("--limit N"), spkctl::tr("ls: at most N sessions (1-500)")},
             {QStringLiteral("--before CURSOR"), spkctl::tr("ls: the page after CURSOR")},
             {QStringLiteral("--track T"), spkctl::tr("audio: user or assistant")},
             {QStringLiteral("-o, --output FILE"), spkctl::tr("audio: where to write the .ogg file")}},
            {QStringLiteral("spkctl sessions ls --device kitchen-1 --limit 10"),
             QStringLiteral("spkctl sessions ls --status failed"), QStringLiteral("spkctl sessions show 42"),
             QStringLiteral("spkctl sessions audio 42 --track user -o question.ogg")}};
}

int listSessions(Context &ctx, const CommandArgs &args, const QStringList &rest)
{
    if (!rest.isEmpty())
        return ctx.usage(spkctl::tr("sessions ls takes no arguments; use --device, --status, --limit."),
                         QStringLiteral("sessions"));
    client::SessionQuery q;
    q.deviceId = args.value(QStringLiteral("device"));
    if (args.isSet(QStringLiteral("device")) && !spk::proto::isValidDeviceId(q.deviceId))
        return ctx.usage(spkctl::tr("\"%1\" is not a device id.").arg(q.deviceId),
                         QStringLiteral("sessions"));
    q.status = args.value(QStringLiteral("status"));
    static const QStringList statuses{QStringLiteral("active"), QStringLiteral("completed"),
                                      QStringLiteral("failed")};
    if (args.isSet(QStringLiteral("status")) && !statuses.contains(q.status))
        return ctx.usage(spkctl::tr("--status must be active, completed or failed."),
                         QStringLiteral("sessions"));
    QString error;
    if (args.isSet(QStringLiteral("limit")) &&
        !parsePositiveInt(args.value(QStringLiteral("limit")), QStringLiteral("--limit"), 500, &q.limit,
                          &error))
        return ctx.usage(error, QStringLiteral("sessions"));
    q.before = args.value(QStringLiteral("before"));

    int code = 0;
    const auto r = callWithToken(
        ctx, [&] { return ctx.api().listSessions(q); }, &code);
    if (!r)
        return code;
    if (ctx.json) {
        ctx.printJson(r->json);
        return ExitOk;
    }
    const client::SessionPage page = client::SessionPage::fromJson(r->json);
    if (page.sessions.isEmpty()) {
        ctx.out << spkctl::tr("No sessions.") << Qt::endl;
        return ExitOk;
    }
    TablePrinter table({spkctl::tr("ID"), spkctl::tr("DEVICE"), spkctl::tr("STATUS"), spkctl::tr("STARTED"),
                        spkctl::tr("DURATION"), spkctl::tr("QUESTION")});
    table.setRightAligned(0);
    table.setRightAligned(4);
    for (const client::Session &s : page.sessions) {
        QString question = s.userQuery;
        if (question.size() > 60)
            question = question.left(57) + QStringLiteral("...");
        table.addRow({QString::number(s.id), s.deviceId, s.status, formatTime(s.createdAt),
                      s.durationMs ? formatDurationMs(*s.durationMs) : QStringLiteral("-"), question});
    }
    table.print(ctx.out);
    if (!page.next.isEmpty()) {
        QString again = QStringLiteral("spkctl sessions ls --before %1").arg(page.next);
        if (!q.deviceId.isEmpty())
            again += QStringLiteral(" --device ") + q.deviceId;
        if (!q.status.isEmpty())
            again += QStringLiteral(" --status ") + q.status;
        if (q.limit > 0)
            again += QStringLiteral(" --limit %1").arg(q.limit);
        ctx.err << spkctl::tr("More sessions: %1").arg(again) << Qt::endl;
    }
    return ExitOk;
}

void printSession(Context &ctx, const client::Session &s)
{
    ctx.out << spkctl::tr("Session %1 on %2 (device session %3)").arg(s.id).arg(s.deviceId, s.deviceSessionId)
            << Qt::endl;
    ctx.out << spkctl::tr("Status:   %1").arg(s.status);
    if (!s.failureReason.isEmpty())
        ctx.out << QStringLiteral(" (%1)").arg(s.failureReason);
    ctx.out << Qt::endl;
    ctx.out << spkctl::tr("Started:  %1").arg(formatTime(s.createdAt)) << Qt::endl;
    ctx.out << spkctl::tr("Ended:    %1").arg(formatTime(s.endedAt)) << Qt::endl;
    if (s.durationMs)
        ctx.out << spkctl::tr("Duration: %1").arg(formatDurationMs(*s.durationMs)) << Qt::endl;
    QStringList tracks;
    if (s.hasUserAudio)
        tracks << QStringLiteral("user");
    if (s.hasAssistantAudio)
        tracks << QStringLiteral("assistant");
    ctx.out << spkctl::tr("Audio:    %1")
                   .arg(tracks.isEmpty() ? spkctl::tr("none") : tracks.join(QStringLiteral(", ")))
            << Qt::endl;

    ctx.out << Qt::endl << spkctl::tr("Conversation:") << Qt::endl;
    if (s.turns.isEmpty()) {
        if (!s.userQuery.isEmpty())
            ctx.out << QStringLiteral("  user:      ") << s.userQuery << Qt::endl;
        if (!s.aiResponse.isEmpty())
            ctx.out << QStringLiteral("  assistant: ") << s.aiResponse << Qt::endl;
        if (s.userQuery.isEmpty() && s.aiResponse.isEmpty())
            ctx.out << spkctl::tr("  (nothing recognised)") << Qt::endl;
    }
    for (const client::SessionTurn &t : s.turns)
        ctx.out << QStringLiteral("  ") << padToWidth(t.role + QLatin1Char(':'), 11) << t.text << Qt::endl;

    if (!s.timings.isEmpty()) {
        ctx.out << Qt::endl << spkctl::tr("Timings (ms since wake):") << Qt::endl;
        TablePrinter table({spkctl::tr("STAGE"), spkctl::tr("MS")});
        table.setRightAligned(1);
        for (const auto &stage : s.timings)
            table.addRow({stage.first, QString::number(stage.second)});
        QString text = table.render();
        for (const QString &line : text.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
            ctx.out << QStringLiteral("  ") << line << Qt::endl;
    }
}

int showSession(Context &ctx, const QStringList &rest)
{
    if (rest.size() != 1)
        return ctx.usage(spkctl::tr("sessions show needs exactly one SESSION_ID."),
                         QStringLiteral("sessions"));
    qint64 id = 0;
    QString error;
    if (!parseId(rest.first(), QStringLiteral("SESSION_ID"), &id, &error))
        return ctx.usage(error, QStringLiteral("sessions"));
    int code = 0;
    const auto r = callWithToken(
        ctx, [&] { return ctx.api().session(id); }, &code);
    if (!r)
        return code;
    if (ctx.json)
        ctx.printJson(r->json);
    else
        printSession(ctx, client::Session::fromJson(r->json));
    return ExitOk;
}

int downloadAudio(Context &ctx, const CommandArgs &args, const QStringList &rest)
{
    if (rest.size() != 1)
        return ctx.usage(spkctl::tr("sessions audio needs exactly one SESSION_ID."),
                         QStringLiteral("sessions"));
    qint64 id = 0;
    QString error;
    if (!parseId(rest.first(), QStringLiteral("SESSION_ID"), &id, &error))
        return ctx.usage(error, QStringLiteral("sessions"));
    const QString trackName = args.value(QStringLiteral("track"));
    if (trackName != QLatin1String("user") && trackName != QLatin1String("assistant"))
        return ctx.usage(spkctl::tr("sessions audio needs --track user or --track assistant."),
                         QStringLiteral("sessions"));
    const QString file = args.value(QStringLiteral("output"));
    if (file.isEmpty())
        return ctx.usage(spkctl::tr("sessions audio needs -o FILE."), QStringLiteral("sessions"));

    const auto track =
        trackName == QLatin1String("user") ? client::AudioTrack::User : client::AudioTrack::Assistant;
    if (!ctx.requireToken())
        return ExitAuth;
    client::ApiReply *reply = ctx.api().downloadSessionAudio(id, track, file);
    if (stderrIsTerminal()) {
        QObject::connect(reply, &client::ApiReply::downloadProgress, [&ctx](qint64 got, qint64 total) {
            if (total > 0)
                ctx.err << QStringLiteral("\r%1 / %2 KiB").arg(got / 1024).arg(total / 1024);
            else
                ctx.err << QStringLiteral("\r%1 KiB").arg(got / 1024);
            ctx.err.flush();
        });
    }
    qint64 bytes = 0;
    QObject::connect(reply, &client::ApiReply::downloadProgress,
                     [&bytes](qint64 got, qint64) { bytes = got; });
    const client::ApiResult r = ctx.call(reply);
    if (stderrIsTerminal())
        ctx.err << QStringLiteral("\r") << Qt::flush;
    if (!r.ok)
        return ctx.fail(r);
    if (ctx.json)
        ctx.printJson(QJsonObject{{QLatin1String(spk::wire::field::kSessionId), id},
                                  {QStringLiteral("track"), trackName},
                                  {QStringLiteral("file"), file},
                                  {QStringLiteral("bytes"), bytes}});
    else
        ctx.out << spkctl::tr("Saved the %1 track of session %2 to %3 (%4 bytes).")
                       .arg(trackName)
                       .arg(id)
                       .arg(file)
                       .arg(bytes)
                << Qt::endl;
    return ExitOk;
}

} // namespace

int runSessions(Context &ctx, const QStringList &argv)
{
    const CommandArgs args(argv,
                           {QCommandLineOption(QStringLiteral("device"), {}, QStringLiteral("ID")),
                            QCommandLineOption(QStringLiteral("status"), {}, QStringLiteral("S")),
                            QCommandLineOption(QStringLiteral("limit"), {}, QStringLiteral("N")),
                            QCommandLineOption(QStringLiteral("before"), {}, QStringLiteral("CURSOR")),
                            QCommandLineOption(QStringLiteral("track"), {}, QStringLiteral("T")),
                            QCommandLineOption(QStringList{QStringLiteral("o"), QStringLiteral("output")}, {},
                                               QStringLiteral("FILE"))});
    if (const auto done = startCommand(ctx, args, QStringLiteral("sessions"), sessionsHelp()))
        return *done;
    QStringList rest = args.positional();
    const QString sub = rest.isEmpty() ? QString() : rest.takeFirst();
    const bool isList = sub == QLatin1String("ls") || sub == QLatin1String("list");
    const bool isAudio = sub == QLatin1String("audio");
    if (!isList && !isAudio && sub != QLatin1String("show"))
        return ctx.usage(sub.isEmpty()
                             ? spkctl::tr("Say what to do: sessions ls, show or audio.")
                             : spkctl::tr("Unknown sessions command \"%1\"; use ls, show or audio.").arg(sub),
                         QStringLiteral("sessions"));
    for (const char *opt : {"device", "status", "limit", "before"}) {
        if (!isList && args.isSet(QString::fromLatin1(opt)))
            return ctx.usage(spkctl::tr("--%1 only applies to sessions ls.").arg(QString::fromLatin1(opt)),
                             QStringLiteral("sessions"));
    }
    if (!isAudio && (args.isSet(QStringLiteral("track")) || args.isSet(QStringLiteral("output"))))
        return ctx.usage(spkctl::tr("--track and -o only apply to sessions audio."),
                         QStringLiteral("sessions"));
    if (isList)
        return listSessions(ctx, args, rest);
    if (isAudio)
        return downloadAudio(ctx, args, rest);
    return showSession(ctx, rest);
}

} // namespace spk::cli
