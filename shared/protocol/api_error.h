#pragma once
// The REST error envelope of protocol.md §1: {"error":{"code","message"}}.
#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace spk::proto {

struct ApiError
{
    int httpStatus = 0;
    QString code;    // snake_case, e.g. "invalid_input"
    QString message; // human text

    QJsonObject toJson() const;
    QByteArray toBody() const;
    // Reads an error envelope; returns false when the body is not one.
    static bool fromBody(const QByteArray &body, int httpStatus, ApiError *out);
};

} // namespace spk::proto
