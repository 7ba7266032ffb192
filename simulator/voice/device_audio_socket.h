#pragma once
// One speaker's device WebSocket (protocol.md §5, GET /ws/audio): authenticated with the device secret
// (Authorization: Bearer + X-Device-Id), opened on the first wake/ack and reused across sessions, pinged
// every 30 s. Text frames go to the speaker's VoiceSession.
#include <QObject>
#include <QSslConfiguration>
#include <QStringList>
#include <QTimer>
#include <QUrl>
#include <QWebSocket>

namespace spk::sim {

class DeviceAudioSocket : public QObject
{
    Q_OBJECT
public:
    // tls: for wss:// URLs (certificate errors are never ignored: the open fails and says why).
    DeviceAudioSocket(QString deviceId, QString secret, const QSslConfiguration &tls,
                      QObject *parent = nullptr);
    ~DeviceAudioSocket() override;

    // Opens a connection to url unless one is open or opening to it already.
    void ensureOpen(const QUrl &url);
    bool isOpen() const { return socket_.state() == QAbstractSocket::ConnectedState; }
    void close();
    quint64 opens() const { return opens_; }
    quint64 failures() const { return failures_; }

signals:
    void textMessage(const QString &text);
    void opened();

private:
    void onDisconnected();

    QString deviceId_;
    QString secret_;
    QSslConfiguration tls_;
    QStringList sslErrors_; // of the last handshake
    QWebSocket socket_;
    QUrl url_;
    QTimer ping_;
    bool wasOpen_ = false;
    quint64 opens_ = 0;
    quint64 failures_ = 0;
};

} // namespace spk::sim
