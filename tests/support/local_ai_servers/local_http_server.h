#pragma once
// A minimal HTTP/1.1 server on 127.0.0.1 for tests: parses one request per connection and hands it to
// a handler that answers through an HttpExchange - at once, streamed piece by piece, or never (stall).
#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>

#include <functional>

class QTcpSocket;

namespace spk::testsupport {

struct HttpRequest
{
    QByteArray method;
    QByteArray path;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;
};

class HttpExchange : public QObject
{
    Q_OBJECT
public:
    explicit HttpExchange(QTcpSocket *socket, QObject *parent = nullptr);

    void respond(int status, const QByteArray &contentType, const QByteArray &body);
    // A streamed body, delimited by closing the connection.
    void startStream(int status, const QByteArray &contentType);
    void write(const QByteArray &bytes);
    void close();
    bool isOpen() const;

private:
    QPointer<QTcpSocket> socket_;
};

class LocalHttpServer : public QObject
{
    Q_OBJECT
public:
    using Handler = std::function<void(const HttpRequest &, HttpExchange *)>;
    explicit LocalHttpServer(QObject *parent = nullptr);

    bool listen();
    quint16 port() const { return server_.serverPort(); }
    // OpenAI-style base URL: http://127.0.0.1:<port>/v1
    QString baseUrl() const;
    void setHandler(Handler handler) { handler_ = std::move(handler); }
    const QList<HttpRequest> &requests() const { return requests_; }

private:
    void onNewConnection();
    bool tryParse(QTcpSocket *socket, QByteArray &buffer);

    QTcpServer server_;
    Handler handler_;
    QList<HttpRequest> requests_;
};

} // namespace spk::testsupport
