#include "server/pipeline/echokit/echokit_client.h"

#include "server/pipeline/echokit/echokit_logging.h"

namespace spk::server::pipeline {

namespace {
// EchoKit's device protocol: this text frame ends the utterance ("End:Recording" would only store it).
const QString kSubmit = QStringLiteral("End:Normal");
} // namespace

EchoKitClient::EchoKitClient(QUrl url, int connectTimeoutMs, int responseTimeoutMs, QObject *parent)
    : QObject(parent), url_(std::move(url))
{
    connectTimer_.setSingleShot(true);
    connectTimer_.setInterval(connectTimeoutMs);
    responseTimer_.setSingleShot(true);
    responseTimer_.setInterval(responseTimeoutMs);
    connect(&connectTimer_, &QTimer::timeout, this, [this] {
        fail(QStringLiteral("no connection to %1 within the time-out").arg(url_.toDisplayString()));
    });
    connect(&responseTimer_, &QTimer::timeout, this,
            [this] { fail(QStringLiteral("EchoKit server silent for too long")); });
    connect(&socket_, &QWebSocket::connected, this, &EchoKitClient::onConnected);
    connect(&socket_, &QWebSocket::binaryMessageReceived, this, &EchoKitClient::onBinary);
    connect(&socket_, &QWebSocket::textMessageReceived, this, [](const QString &text) {
        // Newer servers send JSON settings as text; nothing in them concerns a turn.
        qCDebug(lcEchoKit).noquote() << "text frame ignored:" << text.left(200);
    });
    connect(&socket_, &QWebSocket::disconnected, this, [this] {
        if (!connected_) // refused, unresolvable, handshake rejected: errorString() says which
            fail(QStringLiteral("cannot connect to %1: %2")
                     .arg(url_.toDisplayString(), socket_.errorString()));
        else
            fail(QStringLiteral("EchoKit closed the connection (%1)").arg(socket_.closeReason()));
    });
    connect(&socket_, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            [this](QAbstractSocket::SocketError) {
                fail(QStringLiteral("EchoKit: %1").arg(socket_.errorString()));
            });
}

EchoKitClient::~EchoKitClient()
{
    done_ = true;
    socket_.abort();
}

void EchoKitClient::open()
{
    connectTimer_.start();
    socket_.open(url_);
}

void EchoKitClient::sendPcm(const QByteArray &pcm16k)
{
    if (done_ || pcm16k.isEmpty())
        return;
    if (connected_) {
        socket_.sendBinaryMessage(pcm16k);
        return;
    }
    queuedBytes_ += pcm16k.size();
    if (queuedBytes_ > kMaxQueuedBytes) {
        fail(QStringLiteral("EchoKit not connected and too much audio queued"));
        return;
    }
    queued_.append(pcm16k);
}

void EchoKitClient::submit()
{
    if (done_)
        return;
    if (!connected_) {
        submitPending_ = true;
        return;
    }
    socket_.sendTextMessage(kSubmit);
    responseTimer_.start();
}

void EchoKitClient::close()
{
    if (done_)
        return;
    done_ = true;
    connectTimer_.stop();
    responseTimer_.stop();
    socket_.close();
}

void EchoKitClient::onConnected()
{
    if (done_)
        return;
    connected_ = true;
    connectTimer_.stop();
    for (const QByteArray &pcm : std::as_const(queued_))
        socket_.sendBinaryMessage(pcm);
    queued_.clear();
    queuedBytes_ = 0;
    if (submitPending_) {
        submitPending_ = false;
        submit();
    }
}

void EchoKitClient::onBinary(const QByteArray &frame)
{
    if (done_)
        return;
    QString error;
    const std::optional<EchoKitEvent> event = decodeEchoKitEvent(frame, &error);
    if (!event) {
        fail(QStringLiteral("malformed EchoKit event: %1").arg(error));
        return;
    }
    if (responseTimer_.isActive())
        responseTimer_.start(); // the server is alive: the silence count starts again
    emit eventReceived(*event);
}

void EchoKitClient::fail(const QString &message)
{
    if (done_)
        return;
    done_ = true;
    connectTimer_.stop();
    responseTimer_.stop();
    socket_.abort();
    // Queued: fail() can run inside open()/sendPcm() (socket errors, queue overflow).
    QMetaObject::invokeMethod(
        this, [this, message] { emit failed(message); }, Qt::QueuedConnection);
}

} // namespace spk::server::pipeline
