#pragma once
// Asynchronous client of the spk REST API (protocol.md §1). Every call returns an ApiReply that emits
// finished() once and deletes itself afterwards. Any 401 also emits unauthorized(), so a program can
// send the person back to its login screen from one place.
#include "shared/client/api_reply.h"
#include "shared/client/queries.h"

#include <QJsonObject>
#include <QObject>
#include <QSslConfiguration>
#include <QString>
#include <QUrl>
#include <optional>

class QNetworkAccessManager;
class QIODevice;

namespace spk::client {

class ApiClient : public QObject
{
    Q_OBJECT
public:
    static constexpr int kDefaultTimeoutMs = 10000;
    // config and reboot wait up to 5 s for the device's ack on the server side
    static constexpr int kDefaultDeviceCommandTimeoutMs = 15000;

    explicit ApiClient(QObject *parent = nullptr);
    ~ApiClient() override;

    // e.g. http://127.0.0.1:8080 (a trailing path prefix such as /spk is kept)
    void setBaseUrl(const QUrl &url);
    QUrl baseUrl() const { return baseUrl_; }
    void setToken(const QString &token);
    QString token() const { return token_; }

    // TLS trust for https:// (shared/client/tls_trust.h): the system's CAs plus those in caFile; empty =
    // the system's only. A file that cannot be used fails here with *error, and every later call fails
    // with the same error (code tls_error) without sending anything, until a usable file is set.
    bool setCaFile(const QString &caFile, QString *error = nullptr);
    QString caFile() const { return caFile_; }
    QSslConfiguration tlsConfiguration() const { return tls_; }

    void setTimeout(int ms) { timeoutMs_ = ms; }
    int timeout() const { return timeoutMs_; }
    void setDeviceCommandTimeout(int ms) { deviceCommandTimeoutMs_ = ms; }
    int deviceCommandTimeout() const { return deviceCommandTimeoutMs_; }

    // Auth. A successful login stores the returned token (setToken); a successful logout clears it.
    ApiReply *login(const QString &username, const QString &password);
    ApiReply *logout();
    ApiReply *me();

    // Users (admin).
    ApiReply *listUsers();
    ApiReply *addUser(const QString &username, const QString &password, const QString &role);
    ApiReply *removeUser(qint64 id);
    // PATCH /api/users/{id}: a new role and/or password (empty = unchanged). The user's tokens stop working.
    ApiReply *updateUser(qint64 id, const QString &role, const QString &password);
    // PUT /api/me/password. The answer carries a fresh token ({"token","expires_at","user"}), stored
    // like a login's (every older token of the account stops working).
    ApiReply *changeOwnPassword(const QString &currentPassword, const QString &newPassword);

    // Devices.
    ApiReply *listDevices(std::optional<qint64> ownerId = std::nullopt);
    ApiReply *device(const QString &id);
    ApiReply *addDevice(const QString &id, const QString &name, qint64 ownerId);
    ApiReply *removeDevice(const QString &id);
    // A new secret for the device ({"secret"}); the old one stops working at once (protocol.md §7).
    ApiReply *rotateDeviceSecret(const QString &id);
    ApiReply *setConfig(const QString &id, const QJsonObject &config); // device command timeout
    ApiReply *reboot(const QString &id);                               // device command timeout

    // Sessions.
    ApiReply *listSessions(const SessionQuery &query = {});
    ApiReply *session(qint64 id);
    // Streams the Ogg Opus body into sink (opened for writing by the caller; not closed here).
    // Progress via ApiReply::downloadProgress; the timeout applies to silence, not total time.
    ApiReply *downloadSessionAudio(qint64 id, AudioTrack track, QIODevice *sink);
    // Writes to filePath (replaced only when the download succeeds).
    ApiReply *downloadSessionAudio(qint64 id, AudioTrack track, const QString &filePath);

    // Audit log (admin).
    ApiReply *audit(const AuditQuery &query = {});

    // Liveness probe, no token needed.
    ApiReply *health();

    // Escape hatch for endpoints added later: method is GET, POST, PUT or DELETE; path like "/api/x".
    ApiReply *request(const QByteArray &method, const QString &path, const QUrlQuery &query = {},
                      const QJsonObject *body = nullptr, int timeoutMs = 0);

signals:
    // Any call answered 401 (missing, expired or revoked token).
    void unauthorized();
    void tokenChanged(const QString &token);

private:
    QUrl urlFor(const QString &path, const QUrlQuery &query) const;
    ApiReply *send(const QByteArray &method, const QUrl &url, const QByteArray &body, int timeoutMs,
                   QIODevice *sink);

    QNetworkAccessManager *network_;
    QUrl baseUrl_;
    QString token_;
    QString caFile_;
    QString tlsError_; // the CA file could not be used: nothing is sent
    QSslConfiguration tls_;
    int timeoutMs_ = kDefaultTimeoutMs;
    int deviceCommandTimeoutMs_ = kDefaultDeviceCommandTimeoutMs;
};

} // namespace spk::client
