#include "tests/support/local_ai_servers/local_http_server.h"

#include <QTcpSocket>

#include <memory>

namespace spk::testsupport {

HttpExchange::HttpExchange(QTcpSocket *socket, QObject *parent) : QObject(parent), socket_(socket) {}

void HttpExchange::respond(int status, const QByteArray &contentType, const QByteArray &body)
{
    if (!socket_)
        return;
    QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + " X\r\nContent-Type: " + contentType +
                      "\r\nContent-Length: " + QByteArray::number(body.size()) +
                      "\r\nConnection: close\r\n\r\n";
    socket_->write(head + body);
    close();
}

void HttpExchange::startStream(int status, const QByteArray &contentType)
{
    if (socket_)
        socket_->write("HTTP/1.1 " + QByteArray::number(status) + " X\r\nContent-Type: " + contentType +
                       "\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n");
}

void HttpExchange::write(const QByteArray &bytes)
{
    if (socket_) {
        socket_->write(bytes);
        socket_->flush();
    }
}

void HttpExchange::close()
{
    if (socket_)
        socket_->disconnectFromHost();
}

bool HttpExchange::isOpen() const
{
    return socket_ && socket_->state() == QAbstractSocket::ConnectedState;
}

LocalHttpServer::LocalHttpServer(QObject *parent) : QObject(parent)
{
    connect(&server_, &QTcpServer::newConnection, this, &LocalHttpServer::onNewConnection);
}

bool LocalHttpServer::listen()
{
    return server_.listen(QHostAddress::LocalHost, 0);
}

QString LocalHttpServer::baseUrl() const
{
    return QStringLiteral("http://127.0.0.1:%1/v1").arg(port());
}

void LocalHttpServer::onNewConnection()
{
    while (QTcpSocket *socket = server_.nextPendingConnection()) {
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        auto buffer = std::make_shared<QByteArray>();
        auto handled = std::make_shared<bool>(false);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer, handled] {
            buffer->append(socket->readAll());
            if (!*handled && tryParse(socket, *buffer))
                *handled = true;
        });
    }
}

bool LocalHttpServer::tryParse(QTcpSocket *socket, QByteArray &buffer)
{
    const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return false;
    HttpRequest request;
    const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    request.method = requestLine.value(0);
    request.path = requestLine.value(1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon > 0)
            request.headers.insert(lines[i].left(colon).trimmed().toLower(),
                                   lines[i].mid(colon + 1).trimmed());
    }
    const qsizetype length = request.headers.value("content-length", "0").toLongLong();
    if (buffer.size() - (headerEnd + 4) < length)
        return false;
    request.body = buffer.mid(headerEnd + 4, length);
    requests_.append(request);
    auto *exchange = new HttpExchange(socket, socket);
    if (handler_)
        handler_(request, exchange);
    else
        exchange->respond(404, "text/plain", "no handler");
    return true;
}

} // namespace spk::testsupport
