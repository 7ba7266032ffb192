#include "tests/support/spkd_process.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QThread>
#include <QTimer>
#include <QUrl>
#include <QUuid>

namespace spk::test {

quint16 freePort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

QByteArray HttpResult::header(const QByteArray &name) const
{
    for (const auto &h : headers)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    return {};
}

HttpResult httpRequest(const QByteArray &method, const QString &url, const QByteArray &body,
                       const QList<QPair<QByteArray, QByteArray>> &headers, int timeoutMs)
{
    QNetworkAccessManager nam;
    QNetworkRequest req{QUrl(url)};
    req.setTransferTimeout(timeoutMs);
    if (!body.isEmpty())
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    for (const auto &h : headers)
        req.setRawHeader(h.first, h.second);
    QNetworkReply *reply = nam.sendCustomRequest(req, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs + 1000, &loop, &QEventLoop::quit);
    loop.exec();
    HttpResult r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    r.json = QJsonDocument::fromJson(r.body).object();
    r.headers = reply->rawHeaderPairs();
    reply->deleteLater();
    return r;
}

namespace {
// One statement on the PostgreSQL database named by url (creating and dropping per-test databases).
bool runOnAdminDatabase(const QString &url, const QString &statement, QString *error)
{
    const QString conn = QStringLiteral("spk-test-admin-%1").arg(QUuid::createUuid().toString(QUuid::Id128));
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), conn);
        const QUrl u(url);
        db.setHostName(u.host());
        db.setPort(u.port(5432));
        db.setUserName(u.userName());
        db.setPassword(u.password());
        db.setDatabaseName(u.path().mid(1));
        ok = db.open() && QSqlQuery(db).exec(statement);
        if (!ok)
            *error = QStringLiteral("%1 failed: %2").arg(statement, db.lastError().text());
    }
    QSqlDatabase::removeDatabase(conn);
    return ok;
}
} // namespace

bool createTestDatabase(QString *url, QString *error)
{
    const QString admin = qEnvironmentVariable("SPK_TEST_PG_URL");
    if (admin.isEmpty()) {
        *error = QStringLiteral("SPK_TEST_PG_URL is not set (scripts/test.sh starts PostgreSQL and sets it)");
        return false;
    }
    const QString name = QStringLiteral("spk_t_%1").arg(QUuid::createUuid().toString(QUuid::Id128).left(12));
    if (!runOnAdminDatabase(admin, QStringLiteral("CREATE DATABASE %1").arg(name), error))
        return false;
    QUrl u(admin);
    u.setPath(QLatin1Char('/') + name);
    *url = u.toString();
    return true;
}

void dropTestDatabase(const QString &url)
{
    QString ignored;
    runOnAdminDatabase(qEnvironmentVariable("SPK_TEST_PG_URL"),
                       QStringLiteral("DROP DATABASE IF EXISTS %1").arg(QUrl(url).path().mid(1)), &ignored);
}

SpkdProcess::SpkdProcess() = default;

SpkdProcess::~SpkdProcess()
{
    stop();
    if (!pgDatabase_.isEmpty()) {
        QString ignored; // best effort: the server is gone, the database only takes space
        runOnAdminDatabase(pgAdminUrl_, QStringLiteral("DROP DATABASE IF EXISTS %1").arg(pgDatabase_),
                           &ignored);
    }
}

QString SpkdProcess::binary()
{
    return qEnvironmentVariable("SPK_BUILD_DIR") + QStringLiteral("/server/spkd");
}

QString SpkdProcess::baseUrl() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(httpPort_);
}
QString SpkdProcess::wsUrl() const
{
    return QStringLiteral("ws://127.0.0.1:%1").arg(httpPort_);
}
QString SpkdProcess::mqttUrl() const
{
    return QStringLiteral("tcp://127.0.0.1:%1").arg(mqttPort_);
}
QString SpkdProcess::dataDir() const
{
    return dir_ ? dir_->path() + QStringLiteral("/data") : QString();
}

QString SpkdProcess::logs() const
{
    if (process_)
        logs_ += process_->readAll();
    return QString::fromUtf8(logs_);
}

QProcessEnvironment SpkdProcess::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("SPK_DATA_DIR"), dataDir());
    env.insert(QStringLiteral("SPK_HTTP_PORT"), QString::number(httpPort_));
    env.insert(QStringLiteral("SPK_MQTT_EMBEDDED_PORT"), QString::number(mqttPort_));
    env.insert(QStringLiteral("SPK_LOG_LEVEL"), QStringLiteral("info"));
    env.insert(QStringLiteral("SPK_MQTT_USERNAME"), mqttServiceUser());
    env.insert(QStringLiteral("SPK_MQTT_PASSWORD"), mqttServicePassword());
    if (!pgDatabase_.isEmpty()) {
        QUrl u(pgAdminUrl_);
        u.setPath(QLatin1Char('/') + pgDatabase_);
        env.insert(QStringLiteral("SPK_DATABASE_URL"), u.toString());
    }
    if (!options_.databaseUrl.isEmpty())
        env.insert(QStringLiteral("SPK_DATABASE_URL"), options_.databaseUrl);
    for (const QString &kv : options_.env) {
        const int eq = kv.indexOf(QLatin1Char('='));
        env.insert(kv.left(eq), kv.mid(eq + 1));
    }
    return env;
}

bool SpkdProcess::start(const Options &options, QString *error)
{
    options_ = options;
    dir_ = std::make_unique<QTemporaryDir>();
    httpPort_ = freePort();
    mqttPort_ = freePort();
    if (options.backend == Backend::Postgres && options.databaseUrl.isEmpty()) {
        pgAdminUrl_ = qEnvironmentVariable("SPK_TEST_PG_URL");
        if (pgAdminUrl_.isEmpty()) {
            *error =
                QStringLiteral("SPK_TEST_PG_URL is not set (scripts/test.sh starts PostgreSQL and sets it)");
            return false;
        }
        pgDatabase_ = QStringLiteral("spk_t_%1").arg(QUuid::createUuid().toString(QUuid::Id128).left(12));
        const bool ok =
            runOnAdminDatabase(pgAdminUrl_, QStringLiteral("CREATE DATABASE %1").arg(pgDatabase_), error);
        if (!ok) {
            pgDatabase_.clear();
            return false;
        }
    }
    if (!options.createAdmin)
        return launch(error);
    // The admin user, through spkd's own command.
    QProcess add;
    add.setProcessEnvironment(environment());
    add.start(binary(), {QStringLiteral("user"), QStringLiteral("add"), adminName(), QStringLiteral("--role"),
                         QStringLiteral("admin"), QStringLiteral("--password-stdin")});
    add.write(adminPassword().toUtf8() + '\n');
    add.closeWriteChannel();
    if (!add.waitForFinished(30000) || add.exitCode() != 0) {
        *error =
            QStringLiteral("spkd user add failed: %1").arg(QString::fromUtf8(add.readAllStandardError()));
        return false;
    }
    return launch(error);
}

bool SpkdProcess::launch(QString *error)
{
    process_ = std::make_unique<QProcess>();
    process_->setProcessChannelMode(QProcess::MergedChannels);
    process_->setProcessEnvironment(environment());
    process_->start(binary(), {QStringLiteral("serve"), QStringLiteral("--role"), options_.role});
    if (!process_->waitForStarted(5000)) {
        *error = QStringLiteral("cannot start %1").arg(binary());
        return false;
    }
    QDeadlineTimer deadline(20000);
    while (!deadline.hasExpired()) {
        if (process_->state() != QProcess::Running) {
            *error = QStringLiteral("spkd exited at start:\n%1").arg(logs());
            return false;
        }
        if (httpRequest("GET", baseUrl() + QStringLiteral("/readyz"), {}, {}, 1000).status == 200)
            return true;
        QThread::msleep(100);
    }
    *error = QStringLiteral("spkd was not ready within 20 s:\n%1").arg(logs());
    return false;
}

void SpkdProcess::stop()
{
    if (!process_ || process_->state() == QProcess::NotRunning)
        return;
    process_->terminate();
    if (!process_->waitForFinished(10000)) {
        process_->kill();
        process_->waitForFinished(3000);
    }
    logs();
}

bool SpkdProcess::isRunning() const
{
    return process_ && process_->state() == QProcess::Running;
}

void SpkdProcess::kill()
{
    if (!process_)
        return;
    process_->kill();
    process_->waitForFinished(3000);
    logs();
    // Its private broker goes with it (PR_SET_PDEATHSIG in EmbeddedBroker).
}

bool SpkdProcess::restart(QString *error)
{
    stop();
    adminToken_.clear();
    return launch(error);
}

QString SpkdProcess::login(const QString &user, const QString &password) const
{
    const QJsonObject body{{QStringLiteral("username"), user}, {QStringLiteral("password"), password}};
    const HttpResult r = httpRequest("POST", baseUrl() + QStringLiteral("/api/auth/login"),
                                     QJsonDocument(body).toJson(QJsonDocument::Compact));
    return r.json.value(QStringLiteral("token")).toString();
}

QString SpkdProcess::adminToken()
{
    if (adminToken_.isEmpty())
        adminToken_ = login(adminName(), adminPassword());
    return adminToken_;
}

HttpResult SpkdProcess::api(const QByteArray &method, const QString &path, const QString &token,
                            const QByteArray &body) const
{
    QList<QPair<QByteArray, QByteArray>> headers;
    if (!token.isEmpty())
        headers.append({QByteArrayLiteral("Authorization"), "Bearer " + token.toUtf8()});
    return httpRequest(method, baseUrl() + path, body, headers);
}

} // namespace spk::test
