#include "cli/live_event_formatter.h"

#include "cli/format.h"
#include "cli/table_printer.h"
#include "cli/tr.h"

namespace spk::cli {

namespace {

QString statusText(const QJsonObject &data)
{
    QJsonObject rest = data;
    QString s;
    if (data.contains(QStringLiteral("online"))) {
        s = data.value(QStringLiteral("online")).toBool() ? spkctl::tr("online") : spkctl::tr("offline");
        rest.remove(QStringLiteral("online"));
    }
    const QString settings = formatSettings(rest);
    if (!settings.isEmpty())
        s += (s.isEmpty() ? QString() : QStringLiteral(" ")) + settings;
    return s;
}

} // namespace

QString formatLiveEvent(const QJsonObject &m, const QDateTime &receivedAt)
{
    const QString type = m.value(QStringLiteral("type")).toString();
    const QString device = m.value(QStringLiteral("device_id")).toString();
    const QString prefix = receivedAt.toLocalTime().toString(QStringLiteral("HH:mm:ss")) +
                           QStringLiteral("  ") + padToWidth(device, 12) + QStringLiteral("  ");
    if (type == QLatin1String("status_update"))
        return prefix + padToWidth(spkctl::tr("status"), 10) + QStringLiteral("  ") +
               statusText(m.value(QStringLiteral("data")).toObject());
    if (type == QLatin1String("session_progress")) {
        QString line =
            prefix +
            padToWidth(spkctl::tr("session %1").arg(formatScalar(m.value(QStringLiteral("session_id")))),
                       10) +
            QStringLiteral("  ") + m.value(QStringLiteral("stage")).toString();
        const QString text = m.value(QStringLiteral("text")).toString();
        if (!text.isEmpty())
            line += QStringLiteral("  \"") + text + QLatin1Char('"');
        return line;
    }
    if (type == QLatin1String("config_ack")) {
        QString line =
            prefix + padToWidth(spkctl::tr("config"), 10) + QStringLiteral("  ") +
            spkctl::tr("acknowledged %1").arg(formatSettings(m.value(QStringLiteral("config")).toObject()));
        const QString rid = formatScalar(m.value(QStringLiteral("request_id")));
        if (!rid.isEmpty())
            line += QStringLiteral("  ") + spkctl::tr("(request %1)").arg(rid);
        return line;
    }
    if (type.isEmpty())
        return {};
    // A message type this spkctl does not know yet: still show it.
    QJsonObject rest = m;
    rest.remove(QStringLiteral("type"));
    rest.remove(QStringLiteral("device_id"));
    return prefix + padToWidth(type, 10) + QStringLiteral("  ") + formatSettings(rest);
}

} // namespace spk::cli
