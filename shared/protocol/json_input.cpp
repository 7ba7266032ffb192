#include "shared/protocol/json_input.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>
#include <cmath>

namespace spk::proto {

JsonObjectResult parseJsonObject(const QByteArray &bytes, qsizetype maxBytes)
{
    JsonObjectResult r;
    if (bytes.size() > maxBytes) {
        r.error = QStringLiteral("body is larger than %1 bytes").arg(maxBytes);
        return r;
    }
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &pe);
    if (pe.error != QJsonParseError::NoError) {
        r.error = QStringLiteral("malformed JSON at offset %1: %2").arg(pe.offset).arg(pe.errorString());
        return r;
    }
    if (!doc.isObject()) {
        r.error = QStringLiteral("expected a JSON object");
        return r;
    }
    r.object = doc.object();
    return r;
}

std::optional<int> readBoundedInt(const QJsonObject &o, const QString &key, int min, int max, QString *error)
{
    const QJsonValue v = o.value(key);
    if (!v.isDouble()) {
        *error = QStringLiteral("'%1' must be an integer").arg(key);
        return std::nullopt;
    }
    const double d = v.toDouble();
    if (std::floor(d) != d) {
        *error = QStringLiteral("'%1' must be an integer").arg(key);
        return std::nullopt;
    }
    if (d < min || d > max) {
        *error = QStringLiteral("'%1' must be between %2 and %3").arg(key).arg(min).arg(max);
        return std::nullopt;
    }
    return static_cast<int>(d);
}

std::optional<QString> readString(const QJsonObject &o, const QString &key, int maxLen, QString *error)
{
    const QJsonValue v = o.value(key);
    if (!v.isString()) {
        *error = QStringLiteral("'%1' must be a string").arg(key);
        return std::nullopt;
    }
    const QString s = v.toString();
    if (s.isEmpty() || s.size() > maxLen) {
        *error = QStringLiteral("'%1' must be 1 to %2 characters").arg(key).arg(maxLen);
        return std::nullopt;
    }
    return s;
}

std::optional<bool> readBool(const QJsonObject &o, const QString &key, QString *error)
{
    const QJsonValue v = o.value(key);
    if (!v.isBool()) {
        *error = QStringLiteral("'%1' must be true or false").arg(key);
        return std::nullopt;
    }
    return v.toBool();
}

std::optional<double> readNumber(const QJsonObject &o, const QString &key, double min, double max,
                                 QString *error)
{
    const QJsonValue v = o.value(key);
    if (!v.isDouble() || !std::isfinite(v.toDouble())) {
        *error = QStringLiteral("'%1' must be a number").arg(key);
        return std::nullopt;
    }
    const double d = v.toDouble();
    if (d < min || d > max) {
        *error = QStringLiteral("'%1' must be between %2 and %3").arg(key).arg(min).arg(max);
        return std::nullopt;
    }
    return d;
}

} // namespace spk::proto
