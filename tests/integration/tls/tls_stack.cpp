#include "tls_stack.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QThread>

#include <pwd.h>
#include <unistd.h>

namespace spk::test {

namespace {

QString findTool(const QString &name)
{
    QString p = QStandardPaths::findExecutable(name);
    if (p.isEmpty())
        p = QStandardPaths::findExecutable(name, {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin")});
    return p;
}

QString authPlugin()
{
    return qEnvironmentVariable("SPK_BUILD_DIR") + QStringLiteral("/server/spk_mosquitto_auth.so");
}

bool writeFile(const QString &path, const QString &text)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    f.write(text.toUtf8());
    return true;
}

bool waitForPort(quint16 port, QProcess &process, int ms)
{
    if (!process.waitForStarted(5000))
        return false;
    const QDeadlineTimer deadline(ms);
    while (!deadline.hasExpired() && process.state() == QProcess::Running) {
        QTcpSocket s;
        s.connectToHost(QStringLiteral("127.0.0.1"), port);
        if (s.waitForConnected(200))
            return true;
        QThread::msleep(50);
    }
    return false;
}

void stopProcess(QProcess &p)
{
    if (p.state() == QProcess::NotRunning)
        return;
    p.terminate(); // this PID only: nginx's master takes its workers along
    if (!p.waitForFinished(5000)) {
        p.kill();
        p.waitForFinished(3000);
    }
}

} // namespace

TlsStack::TlsStack()
{
    // nginx's workers run as nobody when the test runs as root: they must reach the temp paths.
    QFile::setPermissions(dir_.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                           QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther |
                                           QFile::ExeOther);
}

TlsStack::~TlsStack()
{
    stop();
}

QString TlsStack::missingTools(bool ownBroker)
{
    QStringList missing;
    if (findTool(QStringLiteral("nginx")).isEmpty())
        missing << QStringLiteral("nginx");
    if (findTool(QStringLiteral("openssl")).isEmpty())
        missing << QStringLiteral("openssl");
    if (ownBroker && findTool(QStringLiteral("mosquitto")).isEmpty())
        missing << QStringLiteral("mosquitto");
    if (ownBroker && !QFile::exists(authPlugin()))
        missing << authPlugin();
    return missing.join(QStringLiteral(", "));
}

QString TlsStack::path(const QString &name) const
{
    return dir_.filePath(name);
}
QString TlsStack::httpsUrl() const
{
    return QStringLiteral("https://127.0.0.1:%1").arg(httpsPort_);
}
QString TlsStack::mqttsUrl() const
{
    return QStringLiteral("mqtts://127.0.0.1:%1").arg(mqttsPort_);
}
QString TlsStack::caFile() const
{
    return path(QStringLiteral("certs/ca.crt"));
}
QString TlsStack::otherCaFile() const
{
    return path(QStringLiteral("other/ca.crt"));
}
QString TlsStack::garbageCaFile() const
{
    return path(QStringLiteral("garbage.crt"));
}

QString TlsStack::logs() const
{
    QFile f(path(QStringLiteral("nginx/error.log")));
    const QByteArray nginxLog = f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    return QStringLiteral("--- spkd\n%1\n--- nginx error.log\n%2\n--- mosquitto\n%3")
        .arg(spkd_ ? spkd_->logs() : QString(), QString::fromUtf8(nginxLog),
             QString::fromUtf8(const_cast<QProcess &>(broker_).readAll()));
}

bool TlsStack::generateCertificates(QString *error)
{
    const QString script = qEnvironmentVariable("SPK_SOURCE_DIR") + QStringLiteral("/scripts/gen-certs.sh");
    for (const QString &name : {QStringLiteral("certs"), QStringLiteral("other")}) {
        QProcess gen;
        gen.setProcessChannelMode(QProcess::MergedChannels);
        gen.start(QStringLiteral("bash"), {script, path(name)});
        if (!gen.waitForFinished(30000) || gen.exitCode() != 0) {
            *error = QStringLiteral("gen-certs.sh %1 failed: %2").arg(name, QString::fromUtf8(gen.readAll()));
            return false;
        }
    }
    return writeFile(garbageCaFile(), QStringLiteral("this is not a certificate\n"));
}

bool TlsStack::startBroker(QString *error)
{
    const passwd *self = ::getpwuid(::geteuid());
    const QString conf =
        QStringLiteral("per_listener_settings false\n"
                       "allow_anonymous false\n"
                       "plugin %1\n"
                       "plugin_opt_credentials_file %2\n"
                       "user %3\n"
                       "persistence false\n"
                       "log_dest stdout\n"
                       "log_type error\nlog_type warning\n"
                       "listener %4 127.0.0.1\n"
                       "listener %5 127.0.0.1\n"
                       "certfile %6\nkeyfile %7\ntls_version tlsv1.2\n")
            .arg(authPlugin(), path(QStringLiteral("credentials")),
                 QString::fromLocal8Bit(self ? self->pw_name : "root"))
            .arg(mqttPlainPort_)
            .arg(mqttsPort_)
            .arg(path(QStringLiteral("certs/server.crt")), path(QStringLiteral("certs/server.key")));
    if (!writeFile(path(QStringLiteral("mosquitto.conf")), conf)) {
        *error = QStringLiteral("cannot write mosquitto.conf");
        return false;
    }
    broker_.setProcessChannelMode(QProcess::MergedChannels);
    broker_.start(findTool(QStringLiteral("mosquitto")),
                  {QStringLiteral("-c"), path(QStringLiteral("mosquitto.conf"))});
    if (!waitForPort(mqttPlainPort_, broker_, 10000) || !waitForPort(mqttsPort_, broker_, 5000)) {
        *error = QStringLiteral("mosquitto did not listen: %1").arg(QString::fromUtf8(broker_.readAll()));
        return false;
    }
    return true;
}

bool TlsStack::startNginx(QString *error)
{
    const QString d = path(QStringLiteral("nginx"));
    QDir().mkpath(d);
    // Plain text so a failure shows what nginx was given. The map makes Connection "upgrade" only for
    // WebSocket requests (/ws, /ws/audio), as deploy/nginx does.
    const QString conf =
        QStringLiteral(
            "worker_processes 1;\n"
            "pid %1/nginx.pid;\n"
            "error_log %1/error.log warn;\n"
            "events { worker_connections 256; }\n"
            "http {\n"
            "  access_log off;\n"
            "  client_body_temp_path %1/body; proxy_temp_path %1/proxy; fastcgi_temp_path %1/fastcgi;\n"
            "  uwsgi_temp_path %1/uwsgi; scgi_temp_path %1/scgi;\n"
            "  map $http_upgrade $connection_upgrade { default upgrade; '' close; }\n"
            "  server {\n"
            "    listen 127.0.0.1:%2 ssl;\n"
            "    ssl_certificate %3;\n"
            "    ssl_certificate_key %4;\n"
            "    ssl_protocols TLSv1.2 TLSv1.3;\n"
            "    location / {\n"
            "      proxy_pass %5;\n"
            "      proxy_http_version 1.1;\n"
            "      proxy_set_header Upgrade $http_upgrade;\n"
            "      proxy_set_header Connection $connection_upgrade;\n"
            "      proxy_set_header Host $host;\n"
            "      proxy_read_timeout 120s;\n"
            "    }\n"
            "  }\n"
            "}\n")
            .arg(d)
            .arg(httpsPort_)
            .arg(path(QStringLiteral("certs/server.crt")), path(QStringLiteral("certs/server.key")),
                 spkd_->baseUrl());
    if (!writeFile(d + QStringLiteral("/nginx.conf"), conf)) {
        *error = QStringLiteral("cannot write nginx.conf");
        return false;
    }
    nginx_.setProcessChannelMode(QProcess::MergedChannels);
    // In the foreground, so the QProcess PID is nginx's master.
    nginx_.start(findTool(QStringLiteral("nginx")),
                 {QStringLiteral("-p"), d, QStringLiteral("-c"), d + QStringLiteral("/nginx.conf"),
                  QStringLiteral("-e"), d + QStringLiteral("/error.log"), QStringLiteral("-g"),
                  QStringLiteral("daemon off;")});
    if (!waitForPort(httpsPort_, nginx_, 10000)) {
        *error =
            QStringLiteral("nginx did not listen: %1\n%2").arg(QString::fromUtf8(nginx_.readAll()), logs());
        return false;
    }
    return true;
}

bool TlsStack::start(const Options &options, QString *error)
{
    if (!generateCertificates(error))
        return false;
    httpsPort_ = freePort();
    spkd_ = std::make_unique<SpkdProcess>();
    SpkdProcess::Options o;
    // Devices reach spkd through nginx too: wake/ack's ws_url is wss://…/ws/audio and fallback reply
    // URLs are https://….
    o.env << QStringLiteral("SPK_BRIDGE_PUBLIC_URL=") + httpsUrl();
    if (options.ownBroker) {
        mqttsPort_ = freePort();
        mqttPlainPort_ = freePort();
        if (!startBroker(error))
            return false;
        // spkd reaches the broker on loopback without TLS (it has no mqtt CA setting yet) and keeps the
        // credentials file the plugin checks devices against.
        o.env << QStringLiteral("SPK_MQTT_EMBEDDED=false")
              << QStringLiteral("SPK_MQTT_URL=tcp://127.0.0.1:%1").arg(mqttPlainPort_)
              << QStringLiteral("SPK_MQTT_CREDENTIALS_FILE=") + path(QStringLiteral("credentials"));
    }
    if (!spkd_->start(o, error))
        return false;
    return startNginx(error);
}

void TlsStack::stop()
{
    stopProcess(nginx_);
    if (spkd_)
        spkd_->stop();
    stopProcess(broker_);
}

} // namespace spk::test
