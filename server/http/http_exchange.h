#pragma once
// One HTTP request and its pending answer. Handlers may answer at once or keep the exchange (it is a
// shared_ptr) and answer later, e.g. when a device acknowledges; answering a closed connection is a no-op.
#include "server/http/http_request.h"
#include "shared/protocol/api_error.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QJsonObject>
#include <QPointer>
#include <QTcpSocket>
#include <QUrlQuery>
#include <memory>
#include <optional>

namespace spk::server {
class HttpConnection;
class HttpRouteStats;

class HttpExchange
{
public:
    // client: who sent it (the TCP peer, or the client behind a trusted proxy: HttpServer::clientAddress).
    HttpExchange(const HttpRequest &request, HttpConnection *connection, const QHostAddress &client);
    ~HttpExchange();

    HttpRequest::Method method() const { return method_; }
    const QString &path() const { return path_; }
    const QUrlQuery &query() const { return query_; }
    const QByteArray &body() const { return body_; }
    QByteArray header(const QByteArray &name) const; // case-insensitive
    QString source() const { return client_.toString(); }
    // A path parameter captured by the route, e.g. {id}.
    QString param(const QString &name) const { return params_.value(name); }
    void setParams(QHash<QString, QString> params) { params_ = std::move(params); }
    // Where the answer is counted (HttpServer sets the matched route's); none = not counted.
    void setStats(std::shared_ptr<HttpRouteStats> stats) { stats_ = std::move(stats); }

    // The body as a JSON object; answers 400 invalid_json (and returns nullopt) when it is not one.
    std::optional<QJsonObject> jsonObjectBody(qint64 maxBytes);

    // The database failed while this request was handled: any answer below 500 becomes 503.
    void noteDatabaseFailure() { databaseFailed_ = true; }

    bool answered() const { return answered_; }
    bool connectionAlive() const;
    int status() const { return status_; }

    void replyJson(int status, const QJsonObject &body);
    void replyJsonBytes(int status, const QByteArray &json);
    void replyError(int status, const QString &code, const QString &message);
    void replyError(const spk::proto::ApiError &error)
    {
        replyError(error.httpStatus, error.code, error.message);
    }
    void replyEmpty(int status);
    void reply(int status, const QByteArray &contentType, const QByteArray &body,
               const QList<QPair<QByteArray, QByteArray>> &extraHeaders = {});

private:
    void answer(int status);
    // Answers 503 instead when the database failed during this request; true when it did.
    bool answeredUnavailable(int status);

    HttpRequest::Method method_;
    QString path_;
    QUrlQuery query_;
    QByteArray body_;
    QList<QPair<QByteArray, QByteArray>> headers_;
    QHostAddress client_;
    QHash<QString, QString> params_;
    QPointer<HttpConnection> connection_;
    bool answered_ = false;
    bool databaseFailed_ = false;
    int status_ = 0;
    std::shared_ptr<HttpRouteStats> stats_;
    QElapsedTimer received_;
};

using ExchangePtr = std::shared_ptr<HttpExchange>;

// 503 database_unavailable: the one answer for "the database could not be asked".
spk::proto::ApiError databaseUnavailable();

} // namespace spk::server
