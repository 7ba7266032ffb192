#include "server/http/http_connection.h"

#include "server/http/http_status.h"
#include "shared/protocol/api_error.h"

#include <http_parser.h>
#include <optional>
#include <sys/socket.h>

namespace spk::server {

namespace {
constexpr qint64 kReadChunk = 64 * 1024;
constexpr int kLingerMs = 2000; // after a refusal: how long what the client still sends is dropped

HttpRequest::Method methodOf(unsigned method)
{
    using M = HttpRequest::Method;
    switch (http_method(method)) {
    case HTTP_GET:
        return M::Get;
    case HTTP_PUT:
        return M::Put;
    case HTTP_DELETE:
        return M::Delete;
    case HTTP_POST:
        return M::Post;
    case HTTP_HEAD:
        return M::Head;
    case HTTP_OPTIONS:
        return M::Options;
    case HTTP_PATCH:
        return M::Patch;
    case HTTP_CONNECT:
        return M::Connect;
    case HTTP_TRACE:
        return M::Trace;
    default:
        return M::Unknown;
    }
}
} // namespace

// The parser of the request in progress and what it has gathered so far.
struct HttpConnection::Parser
{
    struct Refusal
    {
        HttpRefusal reason;
        int status;
        QString code, message;
    };

    http_parser parser{};
    const HttpLimits &limits;
    HttpRequest request;
    QByteArray url, field, value;
    bool inValue = false;
    int headerCount = 0;
    qint64 headerBytes = 0;
    bool headersDone = false, messageDone = false, upgrade = false, keepAlive = true;
    std::optional<Refusal> refusal;

    explicit Parser(const HttpLimits &l) : limits(l) {}

    void reset(const QHostAddress &peer)
    {
        http_parser_init(&parser, HTTP_REQUEST);
        parser.data = this;
        request = HttpRequest();
        request.remoteAddress_ = peer;
        url.clear();
        field.clear();
        value.clear();
        inValue = false;
        headerCount = 0;
        headerBytes = 0;
        headersDone = messageDone = upgrade = false;
        keepAlive = true;
        refusal.reset();
    }

    int refuse(HttpRefusal reason, int status, const char *code, const QString &message)
    {
        refusal = Refusal{reason, status, QString::fromLatin1(code), message};
        return 1; // stops the parser
    }

    static Parser &of(http_parser *p) { return *static_cast<Parser *>(p->data); }

    int addHeaderBytes(size_t length)
    {
        headerBytes += qint64(length);
        if (headerBytes > limits.maxHeaderBytes)
            return refuse(HttpRefusal::HeadersTooLarge, 431, "headers_too_large",
                          QStringLiteral("request headers exceed %1 bytes").arg(limits.maxHeaderBytes));
        return 0;
    }
    void endHeader()
    {
        if (!field.isEmpty())
            request.headers_.append({field, value.trimmed()});
        field.clear();
        value.clear();
    }

    static int onUrl(http_parser *p, const char *at, size_t length)
    {
        Parser &self = of(p);
        self.url.append(at, qsizetype(length));
        if (self.url.size() > self.limits.maxUrlBytes)
            return self.refuse(
                HttpRefusal::UriTooLong, 414, "uri_too_long",
                QStringLiteral("request target exceeds %1 bytes").arg(self.limits.maxUrlBytes));
        return self.addHeaderBytes(length);
    }
    static int onHeaderField(http_parser *p, const char *at, size_t length)
    {
        Parser &self = of(p);
        if (self.inValue || self.headerCount == 0) {
            self.endHeader();
            self.inValue = false;
            if (++self.headerCount > self.limits.maxHeaders)
                return self.refuse(
                    HttpRefusal::TooManyHeaders, 431, "too_many_headers",
                    QStringLiteral("more than %1 request headers").arg(self.limits.maxHeaders));
        }
        self.field.append(at, qsizetype(length));
        return self.addHeaderBytes(length);
    }
    static int onHeaderValue(http_parser *p, const char *at, size_t length)
    {
        Parser &self = of(p);
        self.inValue = true;
        self.value.append(at, qsizetype(length));
        return self.addHeaderBytes(length);
    }
    static int onHeadersComplete(http_parser *p)
    {
        Parser &self = of(p);
        self.endHeader();
        self.headersDone = true;
        self.keepAlive = http_should_keep_alive(p) != 0;
        self.request.method_ = methodOf(p->method);
        self.request.url_ = QUrl::fromEncoded(self.url, QUrl::TolerantMode);
        if ((p->flags & F_CONTENTLENGTH) && p->content_length > quint64(self.limits.maxBodyBytes))
            return self.refuse(HttpRefusal::BodyTooLarge, 413, "body_too_large",
                               QStringLiteral("request body exceeds %1 bytes").arg(self.limits.maxBodyBytes));
        if (p->upgrade && self.request.value("upgrade").compare("websocket", Qt::CaseInsensitive) == 0) {
            self.upgrade = true;
            http_parser_pause(p, 1);
        }
        return 0;
    }
    static int onBody(http_parser *p, const char *at, size_t length)
    {
        Parser &self = of(p);
        if (self.request.body_.size() + qint64(length) > self.limits.maxBodyBytes)
            return self.refuse(HttpRefusal::BodyTooLarge, 413, "body_too_large",
                               QStringLiteral("request body exceeds %1 bytes").arg(self.limits.maxBodyBytes));
        self.request.body_.append(at, qsizetype(length));
        return 0;
    }
    static int onMessageComplete(http_parser *p)
    {
        Parser &self = of(p);
        self.messageDone = true;
        http_parser_pause(p, 1); // the next pipelined request waits until this one is answered
        return 0;
    }

    static const http_parser_settings &settings()
    {
        static const http_parser_settings s = [] {
            http_parser_settings out{};
            out.on_url = &Parser::onUrl;
            out.on_header_field = &Parser::onHeaderField;
            out.on_header_value = &Parser::onHeaderValue;
            out.on_headers_complete = &Parser::onHeadersComplete;
            out.on_body = &Parser::onBody;
            out.on_message_complete = &Parser::onMessageComplete;
            return out;
        }();
        return s;
    }
};

HttpConnection::HttpConnection(QTcpSocket *socket, const HttpLimits &limits, HttpRefusals &refusals,
                               QObject *parent)
    : QObject(parent), socket_(socket), limits_(limits), refusals_(refusals), peer_(socket->peerAddress()),
      parser_(std::make_unique<Parser>(limits_))
{
    socket->setParent(this);
    // Bounds what waits unread in memory (a pipelined request while one is handled, the headers while
    // they are peeked at); the kernel and TCP flow control hold the rest.
    socket->setReadBufferSize(qint64(limits_.maxHeaderBytes) + kReadChunk);
    timer_.setSingleShot(true);
    connect(&timer_, &QTimer::timeout, this, &HttpConnection::onTimeout);
    connect(socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(socket, &QTcpSocket::disconnected, this, &HttpConnection::finish);
    connect(socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        if (socket_ && socket_->state() == QAbstractSocket::UnconnectedState)
            finish();
    });
    parser_->reset(peer_);
}

HttpConnection::~HttpConnection() = default;

void HttpConnection::start()
{
    timer_.start(limits_.idleTimeoutMs);
    if (socket_ && socket_->bytesAvailable())
        onReadyRead();
}

void HttpConnection::beginRequest()
{
    state_ = State::Headers;
    timer_.start(limits_.headerTimeoutMs);
}

void HttpConnection::onReadyRead()
{
    while (socket_ && (state_ == State::Idle || state_ == State::Headers || state_ == State::Body)) {
        const qint64 available = socket_->bytesAvailable();
        if (available <= peeked_)
            return;
        if (state_ == State::Idle)
            beginRequest();
        // Until the headers are complete nothing is consumed: an upgrade hands them on unread.
        const QByteArray data = socket_->peek(qMin(available, peeked_ + kReadChunk));
        const char *fresh = data.constData() + peeked_;
        const size_t length = size_t(data.size() - peeked_);
        Parser &p = *parser_;
        const size_t parsed = http_parser_execute(&p.parser, &Parser::settings(), fresh, length);
        if (p.refusal) {
            refuse(p.refusal->reason, p.refusal->status, p.refusal->code, p.refusal->message);
            return;
        }
        if (p.upgrade) {
            timer_.stop();
            state_ = State::Handling;
            emit upgradeRequested(p.request);
            return;
        }
        const http_errno error = HTTP_PARSER_ERRNO(&p.parser);
        if (error == HPE_HEADER_OVERFLOW) {
            refuse(HttpRefusal::HeadersTooLarge, 431, QStringLiteral("headers_too_large"),
                   QStringLiteral("request headers exceed %1 bytes").arg(limits_.maxHeaderBytes));
            return;
        }
        if (error != HPE_OK && error != HPE_PAUSED) {
            refuse(HttpRefusal::BadRequest, 400, QStringLiteral("bad_request"),
                   QStringLiteral("malformed HTTP request: %1").arg(QLatin1String(http_errno_name(error))));
            return;
        }
        if (!p.headersDone) {
            peeked_ += qint64(parsed);
            if (peeked_ > limits_.maxHeaderBytes) {
                refuse(HttpRefusal::HeadersTooLarge, 431, QStringLiteral("headers_too_large"),
                       QStringLiteral("request headers exceed %1 bytes").arg(limits_.maxHeaderBytes));
                return;
            }
            continue;
        }
        socket_->skip(peeked_ + qint64(parsed));
        peeked_ = 0;
        if (p.messageDone) {
            timer_.stop();
            state_ = State::Handling;
            emit requestReceived(p.request);
            return;
        }
        if (state_ == State::Headers) {
            state_ = State::Body;
            timer_.start(limits_.bodyTimeoutMs);
        }
    }
}

void HttpConnection::respond(int status, const HttpRequest::Headers &headers, const QByteArray &body)
{
    if (!socket_ || state_ != State::Handling)
        return;
    const bool close = !parser_->keepAlive;
    const bool bodyless = status == 204 || status == 304;
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + httpReasonPhrase(status) + "\r\n";
    for (const auto &h : headers)
        out += h.first + ": " + h.second + "\r\n";
    if (!bodyless)
        out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    if (close)
        out += "Connection: close\r\n";
    out += "\r\n";
    if (!bodyless && parser_->request.method() != HttpRequest::Method::Head)
        out += body;
    socket_->write(out);
    if (close) {
        closeGracefully();
        return;
    }
    parser_->reset(peer_);
    state_ = State::Idle;
    timer_.start(limits_.idleTimeoutMs);
    // A pipelined request may already wait in the buffer (no readyRead will announce it again).
    QMetaObject::invokeMethod(this, &HttpConnection::onReadyRead, Qt::QueuedConnection);
}

void HttpConnection::refuse(int status, const QString &code, const QString &message)
{
    if (!socket_ || state_ == State::Closing || state_ == State::Released)
        return;
    parser_->keepAlive = false;
    state_ = State::Handling;
    respond(status, {{"Content-Type", "application/json"}},
            spk::proto::ApiError{status, code, message}.toBody());
}

void HttpConnection::refuse(HttpRefusal reason, int status, const QString &code, const QString &message)
{
    if (!socket_ || state_ == State::Closing || state_ == State::Released)
        return;
    refusals_.record(reason, peer_);
    refuse(status, code, message);
}

void HttpConnection::closeGracefully()
{
    state_ = State::Closing;
    timer_.start(kLingerMs);
    auto shutdownWhenSent = [this] {
        if (socket_ && socket_->bytesToWrite() == 0 && socket_->socketDescriptor() >= 0)
            ::shutdown(int(socket_->socketDescriptor()), SHUT_WR);
    };
    connect(socket_, &QTcpSocket::bytesWritten, this, shutdownWhenSent);
    socket_->flush();
    shutdownWhenSent();
    socket_->skip(socket_->bytesAvailable());
    disconnect(socket_, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(socket_, &QTcpSocket::readyRead, this, [this] {
        if (socket_)
            socket_->skip(socket_->bytesAvailable()); // dropped: the answer is already on its way
    });
}

void HttpConnection::onTimeout()
{
    switch (state_) {
    case State::Idle:
        refusals_.record(HttpRefusal::IdleTimeout, peer_);
        socket_->abort();
        finish();
        break;
    case State::Headers:
        refuse(HttpRefusal::HeaderTimeout, 408, QStringLiteral("request_timeout"),
               QStringLiteral("the request headers took longer than %1 ms").arg(limits_.headerTimeoutMs));
        break;
    case State::Body:
        refuse(HttpRefusal::BodyTimeout, 408, QStringLiteral("request_timeout"),
               QStringLiteral("the request body took longer than %1 ms").arg(limits_.bodyTimeoutMs));
        break;
    case State::Closing:
        socket_->abort();
        finish();
        break;
    case State::Handling:
    case State::Released:
        break;
    }
}

QTcpSocket *HttpConnection::releaseSocket()
{
    QTcpSocket *socket = socket_;
    state_ = State::Released;
    timer_.stop();
    if (socket) {
        socket->disconnect(this);
        socket->setReadBufferSize(0); // QWebSocket reads whole frames (bounded by its own limits)
        socket->setParent(nullptr);
    }
    socket_.clear();
    deleteLater();
    return socket;
}

void HttpConnection::finish()
{
    if (state_ == State::Released)
        return;
    state_ = State::Released;
    timer_.stop();
    deleteLater(); // and the socket with it
}

} // namespace spk::server
