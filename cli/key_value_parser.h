#pragma once
// Turns "volume=80 muted=true name=kitchen" into typed JSON for `spkctl config`.
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace spk::cli {

struct KeyValueResult
{
    QJsonObject object;
    QString error; // empty on success; names the offending argument
    bool ok() const { return error.isEmpty(); }
};

// Each argument is KEY=VALUE. KEY: 1–64 chars of [A-Za-z0-9_.-], each key once.
// VALUE: integer -> number, decimal -> number, true/false -> bool, null -> null,
// "quoted" or 'quoted' -> string (quotes removed), anything else -> string.
KeyValueResult parseKeyValues(const QStringList &args);

} // namespace spk::cli
