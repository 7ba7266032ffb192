#pragma once
// Human renderings of values shared by several commands.
#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <optional>

namespace spk::cli {

// "2024-05-01 14:03:22" in local time; "-" when invalid.
QString formatTime(const QDateTime &t);
// "2024-05-01 14:03:22 (3 min ago)"; relative to now.
QString formatTimeAgo(const QDateTime &t, const QDateTime &now = QDateTime::currentDateTimeUtc());
// "45 s ago", "3 min ago", "2 h ago", "5 d ago"; "in the future" for clock skew.
QString formatAgo(qint64 seconds);
// "850 ms", "12.3 s", "2 min 05 s"
QString formatDurationMs(qint64 ms);
QString orDash(const QString &s);
QString orDash(std::optional<int> v, const QString &suffix = QString());
QString orDash(std::optional<double> v, int decimals, const QString &suffix = QString());
// A JSON scalar as the person would type it (strings bare, numbers without trailing zeros).
QString formatScalar(const QJsonValue &v);
// "volume=80 muted=true" from an object.
QString formatSettings(const QJsonObject &o);

} // namespace spk::cli
