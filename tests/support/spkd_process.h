#pragma once
// Test harness: a real spkd process on embedded defaults (SQLite in a temp dir, its private Mosquitto)
// or on the PostgreSQL named by SPK_TEST_PG_URL (a fresh database per process), on free ports, with an
// admin user. Used by the integration tests of spkd, spkctl and spk-console.
#include <QByteArray>
#include <QJsonObject>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <memory>

namespace spk::test {

// A TCP port on 127.0.0.1 that was free a moment ago.
quint16 freePort();

struct HttpResult
{
    int status = 0; // 0 = no answer (connection refused, timeout)
    QByteArray body;
    QJsonObject json;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray header(const QByteArray &name) const;
};

// A synchronous request with a bounded wait, for tests.
HttpResult httpRequest(const QByteArray &method, const QString &url, const QByteArray &body = {},
                       const QList<QPair<QByteArray, QByteArray>> &headers = {}, int timeoutMs = 15000);

// A fresh PostgreSQL database on SPK_TEST_PG_URL's server, for processes that share one; its URL in *url.
bool createTestDatabase(QString *url, QString *error);
void dropTestDatabase(const QString &url);

class SpkdProcess
{
public:
    enum class Backend { Sqlite, Postgres };
    struct Options
    {
        Backend backend = Backend::Sqlite;
        QString role = QStringLiteral("all");
        QStringList env; // extra NAME=value entries
        // Replicas: a database that other spkd processes share (from createTestDatabase); the
        // harness then neither creates nor drops one. createAdmin = false for every replica but the first.
        QString databaseUrl;
        bool createAdmin = true;
    };

    SpkdProcess();
    ~SpkdProcess();

    // Postgres needs SPK_TEST_PG_URL; returns false with *error otherwise (tests check it first with
    // SPK_REQUIRE_SERVICE, tests/support/require_service.h).
    bool start(const Options &options, QString *error);
    void stop();
    // Stops and starts again on the same data (restart/persistence tests).
    bool restart(QString *error);
    void kill(); // SIGKILL, for crash tests
    bool isRunning() const;

    QString baseUrl() const;
    QString wsUrl() const;
    quint16 mqttPort() const { return mqttPort_; }
    QString mqttUrl() const;
    QString dataDir() const;
    QString logs() const;
    static QString adminName() { return QStringLiteral("admin"); }
    static QString adminPassword() { return QStringLiteral("Admin-pass-123"); }
    // spkd's broker login (mqtt.username / mqtt.password), for test clients that watch every topic.
    static QString mqttServiceUser() { return QStringLiteral("spkd"); }
    static QString mqttServicePassword() { return QStringLiteral("Broker-pass-123"); }

    // Logs in and returns the token (empty on failure).
    QString login(const QString &user, const QString &password) const;
    QString adminToken();
    // Authenticated JSON request as `token`.
    HttpResult api(const QByteArray &method, const QString &path, const QString &token,
                   const QByteArray &body = {}) const;

    static QString binary();

private:
    bool launch(QString *error);
    QProcessEnvironment environment() const;

    Options options_;
    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<QProcess> process_;
    quint16 httpPort_ = 0, mqttPort_ = 0;
    QString pgDatabase_, pgAdminUrl_;
    QString adminToken_;
    mutable QByteArray logs_;
};

} // namespace spk::test
