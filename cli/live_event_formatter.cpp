#include "cli/live_event_formatter.h"

#include "cli/format.h"
#include "cli/table_printer.h"
#include "cli/tr.h"
#include "shared/wire/fields.h"
#include "shared/wire/live_events.h"

namespace field = spk::wire::field;

namespace spk::cli {

namespace {

QString statusText(const QJsonObject &data)
{
    QJsonObject rest = data;
    QString s;
    if (data.contains(QLatin1String(field::kOnline))) {
        s = data.value(QLatin1String(field::kOnline)).toBool() ? spkctl::tr("online") : spkctl::tr("offline");
        rest.remove(QLatin1String(field::kOnline));
    }
    const QString settings = formatSettings(rest);
    if (!settings.isEmpty())
        s += (s.isEmpty() ? QString() : QStringLiteral(" ")) + settings;
    return s;
}

} // namespace

QString formatLiveEvent(const QJsonObject &m, const QDateTime &receivedAt)
{
    const QString type = m.value(QLatin1String(field::kType)).toString();
    const QString device = m.value(QLatin1String(field::kDeviceId)).toString();
    const QString prefix = receivedAt.toLocalTime().toString(QStringLiteral("HH:mm:ss")) +
                           QStringLiteral("  ") + padToWidth(device, 12) + QStringLiteral("  ");
    if (type == QLatin1String(spk::wire::live::kStatusUpdate))
        return prefix + padToWidth(spkctl::tr("status"), 10) + QStringLiteral("  ") +
               statusText(m.value(QLatin1String(field::kData)).toObject());
    if (type == QLatin1String(spk::wire::live::kSessionProgress)) {
        QString line =
            prefix +
            padToWidth(spkctl::tr("session %1").arg(formatScalar(m.value(QLatin1String(field::kSessionId)))),
                       10) +
            QStringLiteral("  ") + m.value(QLatin1String(field::kStage)).toString();
        const QString text = m.value(QLatin1String(field::kText)).toString();
        if (!text.isEmpty())
            line += QStringLiteral("  \"") + text + QLatin1Char('"');
        return line;
    }
    if (type == QLatin1String(spk::wire::live::kConfigAck)) {
        QString line = prefix + padToWidth(spkctl::tr("config"), 10) + QStringLiteral("  ") +
                       spkctl::tr("acknowledged %1")
                           .arg(formatSettings(m.value(QLatin1String(field::kConfig)).toObject()));
        const QString rid = formatScalar(m.value(QLatin1String(field::kRequestId)));
        if (!rid.isEmpty())
            line += QStringLiteral("  ") + spkctl::tr("(request %1)").arg(rid);
        return line;
    }
    if (type.isEmpty())
        return {};
    // A message type this spkctl does not know yet: still show it.
    QJsonObject rest = m;
    rest.remove(QLatin1String(field::kType));
    rest.remove(QLatin1String(field::kDeviceId));
    return prefix + padToWidth(type, 10) + QStringLiteral("  ") + formatSettings(rest);
}

} // namespace spk::cli
