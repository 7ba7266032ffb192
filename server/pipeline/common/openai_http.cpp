#include "server/pipeline/common/openai_http.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>

namespace spk::server::pipeline {

QNetworkRequest openAiRequest(const OpenAiEndpoint &endpoint, const QString &path)
{
    QString base = endpoint.baseUrl;
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    QNetworkRequest request(QUrl(base + path));
    if (!endpoint.apiKey.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + endpoint.apiKey.toUtf8());
    if (endpoint.timeoutMs > 0)
        request.setTransferTimeout(endpoint.timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    return request;
}

QString openAiErrorText(QNetworkReply *reply, const QByteArray &body)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0)
        return reply->errorString();
    // OpenAI's error body: {"error":{"message":"...","type":"..."}}
    QString detail;
    const QJsonObject obj = QJsonDocument::fromJson(body).object();
    const QJsonValue err = obj.value(QLatin1String("error"));
    if (err.isObject())
        detail = err.toObject().value(QLatin1String("message")).toString();
    else if (err.isString())
        detail = err.toString();
    if (detail.isEmpty())
        detail = QString::fromUtf8(body.left(200)).simplified();
    return QStringLiteral("HTTP %1: %2").arg(status).arg(detail);
}

bool isServerFailure(QNetworkReply *reply)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0)
        return true; // connection refused, DNS, time-out, TLS
    return status >= 500 || status == 401 || status == 403 || status == 404 || status == 429;
}

} // namespace spk::server::pipeline
