#include "cli/format.h"

#include "cli/tr.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

namespace spk::cli {

QString formatTime(const QDateTime &t)
{
    if (!t.isValid())
        return QStringLiteral("-");
    return t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString formatAgo(qint64 seconds)
{
    if (seconds < -5)
        return spkctl::tr("in the future");
    seconds = qMax<qint64>(0, seconds);
    if (seconds < 60)
        return spkctl::tr("%1 s ago").arg(seconds);
    if (seconds < 3600)
        return spkctl::tr("%1 min ago").arg(seconds / 60);
    if (seconds < 86400)
        return spkctl::tr("%1 h ago").arg(seconds / 3600);
    return spkctl::tr("%1 d ago").arg(seconds / 86400);
}

QString formatTimeAgo(const QDateTime &t, const QDateTime &now)
{
    if (!t.isValid())
        return spkctl::tr("never");
    return QStringLiteral("%1 (%2)").arg(formatTime(t), formatAgo(t.secsTo(now)));
}

QString formatDurationMs(qint64 ms)
{
    if (ms < 1000)
        return spkctl::tr("%1 ms").arg(ms);
    if (ms < 60000)
        return spkctl::tr("%1 s").arg(QString::number(ms / 1000.0, 'f', 1));
    const qint64 s = ms / 1000;
    return spkctl::tr("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString orDash(const QString &s)
{
    return s.isEmpty() ? QStringLiteral("-") : s;
}

QString orDash(std::optional<int> v, const QString &suffix)
{
    return v ? QString::number(*v) + suffix : QStringLiteral("-");
}

QString orDash(std::optional<double> v, int decimals, const QString &suffix)
{
    return v ? QString::number(*v, 'f', decimals) + suffix : QStringLiteral("-");
}

QString formatScalar(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String:
        return v.toString();
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        return QString::number(v.toDouble(), 'g', 15);
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Undefined:
        break;
    }
    return {};
}

QString formatSettings(const QJsonObject &o)
{
    QStringList parts;
    for (auto it = o.begin(); it != o.end(); ++it)
        parts << it.key() + QLatin1Char('=') + formatScalar(it.value());
    return parts.join(QLatin1Char(' '));
}

} // namespace spk::cli
