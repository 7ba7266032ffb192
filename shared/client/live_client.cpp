#include "shared/client/live_client.h"

#include "shared/client/client_log.h"
#include "shared/client/tls_trust.h"
#include "shared/wire/fields.h"
#include "shared/wire/live_events.h"

#include <QJsonDocument>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QTimer>
#include <QWebSocket>

namespace field = spk::wire::field;

namespace spk::client {

namespace {

// Qt 6.4 reports a refused upgrade only through the error string
// ("…Unhandled http status code: 401 (Unauthorized)."), so the status is read from there.
bool isAuthRefusal(const QString &errorString)
{
    static const QRegularExpression re(QStringLiteral("\\b(401|403)\\b"));
    return errorString.contains(QLatin1String("status code"), Qt::CaseInsensitive) &&
           re.match(errorString).hasMatch();
}

} // namespace

LiveClient::LiveClient(QObject *parent)
    : QObject(parent), reconnectTimer_(new QTimer(this)), deadTimer_(new QTimer(this)),
      pingTimer_(new QTimer(this)), tls_(TlsTrust::systemDefault())
{
    reconnectTimer_->setSingleShot(true);
    connect(reconnectTimer_, &QTimer::timeout, this, &LiveClient::connectNow);
    deadTimer_->setSingleShot(true);
    connect(deadTimer_, &QTimer::timeout, this, &LiveClient::onDeadTimer);
    connect(pingTimer_, &QTimer::timeout, this, [this] {
        if (socket_ && state_ == State::Connected)
            socket_->ping();
    });
    setDeadServerTimeout(deadTimeoutMs_);
}

LiveClient::~LiveClient()
{
    wantOpen_ = false;
    dropSocket();
}

void LiveClient::setBaseUrl(const QUrl &url)
{
    baseUrl_ = url;
}

bool LiveClient::setCaFile(const QString &caFile, QString *error)
{
    caFile_ = caFile;
    if (!TlsTrust::choose(caFile, &tls_, &tlsError_)) {
        if (error)
            *error = tlsError_;
        return false;
    }
    return true;
}

void LiveClient::setReconnectBackoff(int initialMs, int maxMs)
{
    backoffInitialMs_ = qMax(1, initialMs);
    backoffMaxMs_ = qMax(backoffInitialMs_, maxMs);
    nextBackoffMs_ = backoffInitialMs_;
}

void LiveClient::setDeadServerTimeout(int ms)
{
    deadTimeoutMs_ = qMax(3, ms);
    deadTimer_->setInterval(deadTimeoutMs_);
    // Our own pings make the server answer with pongs, so a healthy but idle feed never looks dead.
    pingTimer_->setInterval(qMax(1, deadTimeoutMs_ / 3));
}

QUrl LiveClient::liveUrlFor(const QUrl &baseUrl)
{
    QUrl url = baseUrl;
    url.setScheme(baseUrl.scheme() == QLatin1String("https") ? QStringLiteral("wss") : QStringLiteral("ws"));
    QString path = baseUrl.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(path + QStringLiteral("/ws"));
    url.setQuery(QString());
    return url;
}

void LiveClient::open()
{
    wantOpen_ = true;
    sawAuthFailure_ = false;
    nextBackoffMs_ = backoffInitialMs_;
    reconnectTimer_->stop();
    connectNow();
}

void LiveClient::close()
{
    wantOpen_ = false;
    reconnectTimer_->stop();
    const bool wasConnected = state_ == State::Connected;
    dropSocket();
    setState(State::Closed);
    if (wasConnected)
        emit disconnected();
}

void LiveClient::setState(State s)
{
    if (state_ == s)
        return;
    state_ = s;
    emit stateChanged(s);
}

void LiveClient::dropSocket()
{
    deadTimer_->stop();
    pingTimer_->stop();
    if (!socket_)
        return;
    QWebSocket *s = socket_;
    socket_ = nullptr;
    s->disconnect(this);
    s->abort();
    s->deleteLater();
}

void LiveClient::connectNow()
{
    if (!wantOpen_)
        return;
    dropSocket();
    const QUrl url = liveUrlFor(baseUrl_);
    if (!baseUrl_.isValid() || baseUrl_.host().isEmpty()) {
        emit errorOccurred(tr("The server address \"%1\" is not a valid URL.").arg(baseUrl_.toString()));
        wantOpen_ = false;
        setState(State::Closed);
        return;
    }
    if (!tlsError_.isEmpty()) {
        failTls(tlsError_);
        return;
    }
    sslErrors_.clear();
    socket_ = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    connect(socket_, &QWebSocket::connected, this, &LiveClient::onConnected);
    connect(socket_, &QWebSocket::disconnected, this, &LiveClient::onDisconnected);
    connect(socket_, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            &LiveClient::onSocketError);
    // Never ignored: the handshake then fails and onSocketError() reports why.
    connect(socket_, &QWebSocket::sslErrors, this,
            [this](const QList<QSslError> &errors) { sslErrors_ = TlsTrust::describe(errors); });
    if (url.scheme() == QLatin1String("wss"))
        socket_->setSslConfiguration(tls_);
    connect(socket_, &QWebSocket::textMessageReceived, this, &LiveClient::onTextMessage);
    connect(socket_, &QWebSocket::pong, this, &LiveClient::onActivity);
    connect(socket_, &QWebSocket::binaryMessageReceived, this, &LiveClient::onActivity);

    QNetworkRequest request(url);
    if (!token_.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token_.toUtf8());
    setState(State::Connecting);
    qCDebug(lcLive) << "connecting to" << url.toString();
    // A handshake that never completes counts as a dead server too.
    deadTimer_->start();
    socket_->open(request);
}

void LiveClient::onConnected()
{
    qCInfo(lcLive) << "connected to" << socket_->requestUrl().toString();
    nextBackoffMs_ = backoffInitialMs_;
    setState(State::Connected);
    deadTimer_->start();
    pingTimer_->start();
    emit connected();
}

void LiveClient::onActivity()
{
    if (state_ == State::Connected)
        deadTimer_->start();
}

void LiveClient::onSocketError()
{
    if (!socket_)
        return;
    const QString why = socket_->errorString();
    qCDebug(lcLive) << "socket error:" << socket_->error() << why;
    if (state_ == State::Connecting && isAuthRefusal(why)) {
        sawAuthFailure_ = true;
        dropSocket();
        setState(State::AuthFailed);
        emit errorOccurred(tr("The server refused the token for the live feed."));
        emit authFailed();
        return;
    }
    if (state_ == State::Connecting &&
        (!sslErrors_.isEmpty() || socket_->error() == QAbstractSocket::SslHandshakeFailedError)) {
        failTls(sslErrors_.isEmpty() ? tr("The TLS handshake with %1 failed: %2")
                                           .arg(socket_->requestUrl().toString(QUrl::RemovePath), why)
                                     : TlsTrust::untrustedMessage(sslErrors_));
        return;
    }
    emit errorOccurred(why);
    // A failed handshake does not always emit disconnected(); make sure a retry happens.
    if (state_ == State::Connecting) {
        dropSocket();
        scheduleReconnect();
    }
}

void LiveClient::failTls(const QString &message)
{
    sawAuthFailure_ = true;
    dropSocket();
    setState(State::TlsFailed);
    qCInfo(lcLive).noquote() << message;
    emit errorOccurred(message);
    emit tlsFailed(message);
}

void LiveClient::onDisconnected()
{
    if (!socket_)
        return;
    const bool wasConnected = state_ == State::Connected;
    qCInfo(lcLive) << "disconnected:" << socket_->closeCode() << socket_->closeReason();
    dropSocket();
    if (wasConnected)
        emit disconnected();
    scheduleReconnect();
}

void LiveClient::onDeadTimer()
{
    if (!socket_)
        return;
    qCWarning(lcLive) << "no sign of life from the server for" << deadTimeoutMs_ << "ms; reconnecting";
    const bool wasConnected = state_ == State::Connected;
    dropSocket();
    emit errorOccurred(tr("The server stopped answering; reconnecting."));
    if (wasConnected)
        emit disconnected();
    scheduleReconnect();
}

void LiveClient::scheduleReconnect()
{
    if (!wantOpen_ || !autoReconnect_ || sawAuthFailure_) { // (auth or TLS failure keep their state)
        if (!sawAuthFailure_)
            setState(State::Closed);
        return;
    }
    setState(State::WaitingToReconnect);
    qCDebug(lcLive) << "reconnecting in" << nextBackoffMs_ << "ms";
    reconnectTimer_->start(nextBackoffMs_);
    nextBackoffMs_ = qMin(backoffMaxMs_, nextBackoffMs_ * 2);
}

void LiveClient::onTextMessage(const QString &text)
{
    onActivity();
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &err);
    if (!doc.isObject()) {
        qCWarning(lcLive) << "ignoring a message that is not a JSON object:" << err.errorString();
        return;
    }
    const QJsonObject msg = doc.object();
    emit messageReceived(msg);
    const QString type = msg.value(QLatin1String(field::kType)).toString();
    const QString deviceId = msg.value(QLatin1String(field::kDeviceId)).toString();
    if (type == QLatin1String(spk::wire::live::kStatusUpdate)) {
        emit statusUpdate(deviceId, msg.value(QLatin1String(field::kData)).toObject());
    } else if (type == QLatin1String(spk::wire::live::kSessionProgress)) {
        emit sessionProgress(msg);
    } else if (type == QLatin1String(spk::wire::live::kConfigAck)) {
        const QJsonValue rid = msg.value(QLatin1String(field::kRequestId));
        const QString requestId =
            rid.isDouble() ? QString::number(static_cast<qint64>(rid.toDouble())) : rid.toString();
        emit configAck(deviceId, requestId, msg.value(QLatin1String(field::kConfig)).toObject());
    } else {
        qCDebug(lcLive) << "unknown live message type" << type; // newer server: ignore, stay compatible
    }
}

} // namespace spk::client
