#include "server/http/http_exchange.h"

#include "server/core/dependency_faults.h"
#include "server/http/http_route_stats.h"
#include "shared/protocol/json_input.h"

#include <QJsonDocument>

namespace spk::server {

HttpExchange::HttpExchange(const QHttpServerRequest &request, QHttpServerResponder &&responder,
                           QTcpSocket *socket, const QHostAddress &client)
    : method_(request.method()), path_(request.url().path()), query_(request.query()), body_(request.body()),
      headers_(request.headers()), client_(client),
      responder_(std::make_unique<QHttpServerResponder>(std::move(responder))), socket_(socket)
{
    received_.start();
}

spk::proto::ApiError databaseUnavailable()
{
    return {503, QStringLiteral("database_unavailable"),
            QStringLiteral("the database is unavailable; try again shortly")};
}

bool HttpExchange::answeredUnavailable(int status)
{
    if (status >= 500 || !(databaseFailed_ || DependencyFaultScope::currentFailed()))
        return false;
    databaseFailed_ = false; // answer once, as 503
    replyError(databaseUnavailable());
    return true;
}

void HttpExchange::answer(int status)
{
    answered_ = true;
    status_ = status;
    if (stats_)
        stats_->record(status, double(received_.nsecsElapsed()) / 1e9);
}

std::optional<QJsonObject> HttpExchange::jsonObjectBody(qint64 maxBytes)
{
    const auto parsed = spk::proto::parseJsonObject(body_, maxBytes);
    if (!parsed.ok()) {
        replyError(400, QStringLiteral("invalid_json"), parsed.error);
        return std::nullopt;
    }
    return parsed.object;
}

QByteArray HttpExchange::header(const QByteArray &name) const
{
    for (const auto &h : headers_)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    return {};
}

void HttpExchange::reply(int status, const QByteArray &contentType, const QByteArray &body,
                         const QList<QPair<QByteArray, QByteArray>> &extraHeaders)
{
    if (answered_ || answeredUnavailable(status))
        return;
    answer(status);
    if (socket_.isNull())
        return; // the client went away while we waited
    // Qt 6.4's HeaderList is an initializer_list, so headers are written one by one.
    responder_->writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(status));
    if (!contentType.isEmpty())
        responder_->writeHeader(QByteArrayLiteral("Content-Type"), contentType);
    for (const auto &h : extraHeaders)
        responder_->writeHeader(h.first, h.second);
    responder_->writeHeader(QByteArrayLiteral("Content-Length"), QByteArray::number(body.size()));
    responder_->writeBody(body);
}

void HttpExchange::replyJsonBytes(int status, const QByteArray &json)
{
    reply(status, QByteArrayLiteral("application/json"), json);
}

void HttpExchange::replyJson(int status, const QJsonObject &body)
{
    replyJsonBytes(status, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

void HttpExchange::replyError(int status, const QString &code, const QString &message)
{
    replyJsonBytes(status, spk::proto::ApiError{status, code, message}.toBody());
}

void HttpExchange::replyEmpty(int status)
{
    if (answered_ || answeredUnavailable(status))
        return;
    answer(status);
    if (!socket_.isNull())
        responder_->write(static_cast<QHttpServerResponder::StatusCode>(status));
}

} // namespace spk::server
