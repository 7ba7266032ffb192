#pragma once
// One HTTP/1.1 connection of spkd's HTTP front, parsed with Debian's http-parser (libhttp-parser-dev).
// Requests are taken one at a time: the next one (keep-alive, pipelined) is read only once the current
// one is answered, so answers go out in order and unread pipelined bytes wait in the kernel. Every
// limit of HttpLimits is checked while reading: a body announced larger than the limit is refused before
// a byte of it is read, a chunked one as soon as it passes the limit, and the URL, the header count and
// their bytes are capped; header, body and idle time-outs cut slow clients off. A refusal is answered
// with a JSON error and `Connection: close`, then the connection is closed gracefully (what the client
// still sends is read and dropped for a moment, so that it gets the answer instead of a reset).
//
// A WebSocket upgrade is handed on with its handshake bytes still unread in the socket (they are only
// peeked at until the headers are complete), for QWebSocketServer::handleConnection.
#include "server/core/http_limits.h"
#include "server/http/http_refusals.h"
#include "server/http/http_request.h"

#include <QObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <memory>

struct http_parser;

namespace spk::server {

class HttpConnection : public QObject
{
    Q_OBJECT
public:
    // Takes socket as its child; deletes itself (and the socket) when the connection ends.
    HttpConnection(QTcpSocket *socket, const HttpLimits &limits, HttpRefusals &refusals,
                   QObject *parent = nullptr);
    ~HttpConnection() override;

    void start(); // begins reading (and the idle time-out)

    // Answers the request in progress; keeps the connection for the next one unless it must close.
    void respond(int status, const HttpRequest::Headers &headers, const QByteArray &body);
    // Answers with a JSON error and closes (limits, upgrade refusals, connection caps).
    void refuse(int status, const QString &code, const QString &message);
    void refuse(HttpRefusal reason, int status, const QString &code, const QString &message);

    // For an upgrade: gives the socket up (no parent, unread handshake) and deletes this connection later.
    QTcpSocket *releaseSocket();
    QHostAddress peerAddress() const { return peer_; }

signals:
    void requestReceived(const spk::server::HttpRequest &request);  // answer with respond()
    void upgradeRequested(const spk::server::HttpRequest &request); // releaseSocket() or refuse()

private:
    enum class State { Idle, Headers, Body, Handling, Closing, Released };
    struct Parser;

    void onReadyRead();
    void onTimeout();
    void beginRequest();
    void closeGracefully();
    void finish(); // the connection is over: delete it later

    QPointer<QTcpSocket> socket_;
    HttpLimits limits_;
    HttpRefusals &refusals_;
    QHostAddress peer_;
    State state_ = State::Idle;
    std::unique_ptr<Parser> parser_;
    QTimer timer_;
    qint64 peeked_ = 0; // bytes of the current request's headers fed to the parser but not yet consumed
};

} // namespace spk::server
