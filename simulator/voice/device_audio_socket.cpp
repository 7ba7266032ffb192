#include "simulator/voice/device_audio_socket.h"

#include "simulator/sim_logging.h"

#include <QNetworkRequest>

namespace spk::sim {

namespace {
constexpr int kPingMs = 30000; // CONTRACT §5: the device pings every 30 s
} // namespace

DeviceAudioSocket::DeviceAudioSocket(QString deviceId, QString secret, QObject *parent)
    : QObject(parent), m_deviceId(std::move(deviceId)), m_secret(std::move(secret))
{
    m_ping.setInterval(kPingMs);
    connect(&m_ping, &QTimer::timeout, this, [this] { m_socket.ping(); });
    connect(&m_socket, &QWebSocket::connected, this, [this] {
        m_wasOpen = true;
        ++m_opens;
        m_ping.start();
        qCDebug(lcSimDevice) << m_deviceId << "audio WebSocket open";
        emit opened();
    });
    connect(&m_socket, &QWebSocket::disconnected, this, &DeviceAudioSocket::onDisconnected);
    connect(&m_socket, &QWebSocket::textMessageReceived, this, &DeviceAudioSocket::textMessage);
}

DeviceAudioSocket::~DeviceAudioSocket()
{
    m_socket.disconnect(this); // no signal into a half-destroyed object
    m_socket.abort();
}

void DeviceAudioSocket::ensureOpen(const QUrl &url)
{
    const auto state = m_socket.state();
    if (url == m_url &&
        (state == QAbstractSocket::ConnectedState || state == QAbstractSocket::ConnectingState ||
         state == QAbstractSocket::HostLookupState))
        return;
    if (state != QAbstractSocket::UnconnectedState)
        m_socket.abort();
    m_url = url;
    m_wasOpen = false;
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + m_secret.toUtf8());
    request.setRawHeader("X-Device-Id", m_deviceId.toUtf8());
    m_socket.open(request);
}

void DeviceAudioSocket::close()
{
    m_ping.stop();
    if (m_socket.state() != QAbstractSocket::UnconnectedState)
        m_socket.close();
}

void DeviceAudioSocket::onDisconnected()
{
    m_ping.stop();
    if (m_wasOpen) {
        qCInfo(lcSimDevice) << m_deviceId << "audio WebSocket closed:" << m_socket.closeReason();
    } else {
        ++m_failures; // e.g. HTTP 401: a wrong secret. The bridge then falls back to the one-time URL.
        qCWarning(lcSimDevice) << m_deviceId << "cannot open the audio WebSocket" << m_url.toString() << ":"
                               << m_socket.errorString();
    }
    m_wasOpen = false;
}

} // namespace spk::sim
