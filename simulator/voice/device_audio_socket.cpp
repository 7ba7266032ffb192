#include "simulator/voice/device_audio_socket.h"

#include "shared/client/tls_trust.h"
#include "simulator/sim_logging.h"

#include <QNetworkRequest>

namespace spk::sim {

namespace {
constexpr int kPingMs = 30000; // protocol.md §5: the device pings every 30 s
} // namespace

DeviceAudioSocket::DeviceAudioSocket(QString deviceId, QString secret, const QSslConfiguration &tls,
                                     QObject *parent)
    : QObject(parent), deviceId_(std::move(deviceId)), secret_(std::move(secret)), tls_(tls)
{
    connect(&socket_, &QWebSocket::sslErrors, this,
            [this](const QList<QSslError> &errors) { sslErrors_ = client::TlsTrust::describe(errors); });
    ping_.setInterval(kPingMs);
    connect(&ping_, &QTimer::timeout, this, [this] { socket_.ping(); });
    connect(&socket_, &QWebSocket::connected, this, [this] {
        wasOpen_ = true;
        ++opens_;
        ping_.start();
        qCDebug(lcSimDevice) << deviceId_ << "audio WebSocket open";
        emit opened();
    });
    connect(&socket_, &QWebSocket::disconnected, this, &DeviceAudioSocket::onDisconnected);
    connect(&socket_, &QWebSocket::textMessageReceived, this, &DeviceAudioSocket::textMessage);
}

DeviceAudioSocket::~DeviceAudioSocket()
{
    socket_.disconnect(this); // no signal into a half-destroyed object
    socket_.abort();
}

void DeviceAudioSocket::ensureOpen(const QUrl &url)
{
    const auto state = socket_.state();
    if (url == url_ &&
        (state == QAbstractSocket::ConnectedState || state == QAbstractSocket::ConnectingState ||
         state == QAbstractSocket::HostLookupState))
        return;
    if (state != QAbstractSocket::UnconnectedState)
        socket_.abort();
    url_ = url;
    wasOpen_ = false;
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + secret_.toUtf8());
    request.setRawHeader("X-Device-Id", deviceId_.toUtf8());
    sslErrors_.clear();
    if (url.scheme() == QLatin1String("wss"))
        socket_.setSslConfiguration(tls_);
    socket_.open(request);
}

void DeviceAudioSocket::close()
{
    ping_.stop();
    if (socket_.state() != QAbstractSocket::UnconnectedState)
        socket_.close();
}

void DeviceAudioSocket::onDisconnected()
{
    ping_.stop();
    if (wasOpen_) {
        qCInfo(lcSimDevice) << deviceId_ << "audio WebSocket closed:" << socket_.closeReason();
    } else {
        ++failures_; // e.g. HTTP 401: a wrong secret. The bridge then falls back to the one-time URL.
        qCWarning(lcSimDevice).noquote()
            << deviceId_ << "cannot open the audio WebSocket" << url_.toString() << ":"
            << (sslErrors_.isEmpty() ? socket_.errorString()
                                     : client::TlsTrust::untrustedMessage(
                                           sslErrors_, QStringLiteral("pass --ca FILE or SPK_CA")));
    }
    wasOpen_ = false;
}

} // namespace spk::sim
