#pragma once
// Strict reading of untrusted JSON: every failure carries a message a person can act on.
#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace spk::proto {

struct JsonObjectResult
{
    QJsonObject object;
    QString error; // empty on success
    bool ok() const { return error.isEmpty(); }
};

// Parses a JSON object no larger than maxBytes.
JsonObjectResult parseJsonObject(const QByteArray &bytes, qsizetype maxBytes);

// Reads an integral number in [min, max]; sets error (naming the field) otherwise.
std::optional<int> readBoundedInt(const QJsonObject &o, const QString &key, int min, int max, QString *error);
// Reads a string of 1..maxLen characters.
std::optional<QString> readString(const QJsonObject &o, const QString &key, int maxLen, QString *error);
std::optional<bool> readBool(const QJsonObject &o, const QString &key, QString *error);
std::optional<double> readNumber(const QJsonObject &o, const QString &key, double min, double max,
                                 QString *error);

} // namespace spk::proto
