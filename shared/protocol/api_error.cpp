#include "shared/protocol/api_error.h"

#include <QJsonDocument>

namespace spk::proto {

QJsonObject ApiError::toJson() const
{
    QJsonObject inner{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}};
    return QJsonObject{{QStringLiteral("error"), inner}};
}

QByteArray ApiError::toBody() const
{
    return QJsonDocument(toJson()).toJson(QJsonDocument::Compact);
}

bool ApiError::fromBody(const QByteArray &body, int httpStatus, ApiError *out)
{
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    const QJsonObject err = doc.object().value(QStringLiteral("error")).toObject();
    if (err.isEmpty())
        return false;
    out->httpStatus = httpStatus;
    out->code = err.value(QStringLiteral("code")).toString();
    out->message = err.value(QStringLiteral("message")).toString();
    return true;
}

} // namespace spk::proto
