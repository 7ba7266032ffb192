#pragma once
// One parsed HTTP request as spkd's HTTP front hands it to routes and upgrade checks.
#include <QByteArray>
#include <QHostAddress>
#include <QHttpServerRequest>
#include <QList>
#include <QPair>
#include <QUrl>
#include <QUrlQuery>

namespace spk::server {

class HttpRequest
{
public:
    using Method = QHttpServerRequest::Method;
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    Method method() const { return method_; }
    const QUrl &url() const { return url_; }
    QUrlQuery query() const { return QUrlQuery(url_); }
    const Headers &headers() const { return headers_; }
    // The first header of that name (case-insensitive), empty when absent.
    QByteArray value(const QByteArray &name) const;
    const QByteArray &body() const { return body_; }
    const QHostAddress &remoteAddress() const { return remoteAddress_; }

private:
    friend class HttpConnection;
    Method method_ = Method::Unknown;
    QUrl url_;
    Headers headers_;
    QByteArray body_;
    QHostAddress remoteAddress_;
};

} // namespace spk::server
