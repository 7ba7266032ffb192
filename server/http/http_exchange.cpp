#include "server/http/http_exchange.h"

#include "server/core/dependency_faults.h"
#include "server/http/http_connection.h"
#include "server/http/http_route_stats.h"
#include "shared/protocol/json_input.h"

#include <QJsonDocument>

namespace spk::server {

HttpExchange::HttpExchange(const HttpRequest &request, HttpConnection *connection, const QHostAddress &client)
    : method_(request.method()), path_(request.url().path()), query_(request.query()), body_(request.body()),
      headers_(request.headers()), client_(client), connection_(connection)
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

HttpExchange::~HttpExchange()
{
    // A handler that dropped its exchange unanswered must not leave the connection waiting forever.
    if (!answered_)
        replyError(500, QStringLiteral("internal_error"), QStringLiteral("the request was not answered"));
}

bool HttpExchange::connectionAlive() const
{
    return !connection_.isNull();
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
    if (connection_.isNull())
        return; // the client went away while we waited
    HttpRequest::Headers headers;
    if (!contentType.isEmpty())
        headers.append({QByteArrayLiteral("Content-Type"), contentType});
    headers += extraHeaders;
    connection_->respond(status, headers, body);
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
    if (!connection_.isNull())
        connection_->respond(status, {}, {});
}

} // namespace spk::server
