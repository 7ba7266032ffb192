#pragma once
// The people-facing live feed (protocol.md §2, GET /ws): device status, session progress and config acks
// as signals. Reconnects with exponential backoff and treats a server silent for too long as dead.
#include <QJsonObject>
#include <QObject>
#include <QSslConfiguration>
#include <QString>
#include <QStringList>
#include <QUrl>

class QWebSocket;
class QTimer;

namespace spk::client {

class LiveClient : public QObject
{
    Q_OBJECT
public:
    // TlsFailed: the server's certificate was refused (or the CA file is unusable); no reconnects until
    // open(), since retrying cannot make an untrusted certificate trusted.
    enum class State { Closed, Connecting, Connected, WaitingToReconnect, AuthFailed, TlsFailed };
    Q_ENUM(State)

    explicit LiveClient(QObject *parent = nullptr);
    ~LiveClient() override;

    // The REST base URL (http[s]://host:port[/prefix]); the socket goes to ws[s]://…/ws.
    void setBaseUrl(const QUrl &url);
    QUrl baseUrl() const { return baseUrl_; }
    void setToken(const QString &token) { token_ = token; }
    QString token() const { return token_; }
    // TLS trust for wss://, as ApiClient::setCaFile (shared/client/tls_trust.h). With an unusable file,
    // open() fails at once with tlsFailed() and connects nowhere.
    bool setCaFile(const QString &caFile, QString *error = nullptr);
    QString caFile() const { return caFile_; }

    // Backoff between reconnect attempts: initial, doubled per failure up to max (defaults 1 s, 30 s).
    void setReconnectBackoff(int initialMs, int maxMs);
    // No frame (message or ping) from the server for this long = dead connection, reconnect.
    // Default 75 s: the server pings every 30 s (protocol.md §2). We also ping it every interval/3.
    void setDeadServerTimeout(int ms);
    void setAutoReconnect(bool on) { autoReconnect_ = on; }

    void open();  // connects (and keeps reconnecting until close() or an auth failure)
    void close(); // disconnects and stops reconnecting
    State state() const { return state_; }
    bool isConnected() const { return state_ == State::Connected; }

    // The ws URL derived from a REST base URL (exposed for tests and diagnostics).
    static QUrl liveUrlFor(const QUrl &baseUrl);

signals:
    void connected();
    void disconnected();
    // The server refused the token (HTTP 401 on upgrade). No further reconnects until open().
    void authFailed();
    // The TLS handshake failed (message says why, e.g. "certificate not trusted: …; pass --ca FILE").
    // No further reconnects until open().
    void tlsFailed(const QString &message);
    void stateChanged(spk::client::LiveClient::State state);
    // Every well-formed message as received, before dispatch (for logging / raw output).
    void messageReceived(const QJsonObject &message);
    void statusUpdate(const QString &deviceId, const QJsonObject &data);
    void sessionProgress(const QJsonObject &message);
    void configAck(const QString &deviceId, const QString &requestId, const QJsonObject &config);
    // Connection problems worth showing (the client keeps trying unless it is an auth failure).
    void errorOccurred(const QString &message);

private:
    void connectNow();
    void onConnected();
    void onDisconnected();
    void onSocketError();
    void failTls(const QString &message);
    void onTextMessage(const QString &text);
    void onActivity();
    void onDeadTimer();
    void scheduleReconnect();
    void setState(State s);
    void dropSocket();

    QWebSocket *socket_ = nullptr;
    QTimer *reconnectTimer_;
    QTimer *deadTimer_;
    QTimer *pingTimer_;
    QUrl baseUrl_;
    QString token_;
    QString caFile_;
    QString tlsError_;
    QSslConfiguration tls_;
    QStringList sslErrors_; // of the handshake in progress
    int backoffInitialMs_ = 1000;
    int backoffMaxMs_ = 30000;
    int nextBackoffMs_ = 1000;
    int deadTimeoutMs_ = 75000;
    bool autoReconnect_ = true;
    bool wantOpen_ = false;
    bool sawAuthFailure_ = false; // also set by a TLS failure: stops the reconnects
    State state_ = State::Closed;
};

} // namespace spk::client
