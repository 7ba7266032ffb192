#include "tests/support/mosquitto_process.h"

#include "tests/support/spkd_process.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QTcpSocket>
#include <QThread>
#include <pwd.h>
#include <unistd.h>

namespace spk::test {

MosquittoProcess::MosquittoProcess(const QString &dir) : dir_(dir) {}

MosquittoProcess::~MosquittoProcess()
{
    if (process_ && process_->state() != QProcess::NotRunning) {
        process_->terminate();
        if (!process_->waitForFinished(5000))
            kill();
    }
}

QString MosquittoProcess::url() const
{
    return QStringLiteral("tcp://127.0.0.1:%1").arg(port_);
}

QString MosquittoProcess::credentialsFile() const
{
    return dir_ + QStringLiteral("/credentials");
}

QString MosquittoProcess::logs() const
{
    if (process_)
        logs_ += process_->readAll();
    return QString::fromUtf8(logs_);
}

bool MosquittoProcess::start(QString *error)
{
    const QString plugin =
        qEnvironmentVariable("SPK_BUILD_DIR") + QStringLiteral("/server/spk_mosquitto_auth.so");
    if (!QFile::exists(plugin)) {
        *error = QStringLiteral("the auth plugin %1 is not built").arg(plugin);
        return false;
    }
    QDir().mkpath(dir_);
    if (port_ == 0)
        port_ = freePort();
    const passwd *self = ::getpwuid(::geteuid());
    QFile conf(dir_ + QStringLiteral("/mosquitto.conf"));
    if (!conf.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        *error = QStringLiteral("cannot write %1").arg(conf.fileName());
        return false;
    }
    QString listeners = QStringLiteral("per_listener_settings false\nlistener %1 127.0.0.1\n").arg(port_);
    if (!certDir_.isEmpty())
        listeners += QStringLiteral("listener %1 127.0.0.1\ncafile %2/ca.crt\ncertfile %2/server.crt\n"
                                    "keyfile %2/server.key\ntls_version tlsv1.2\n")
                         .arg(tlsPort_)
                         .arg(certDir_);
    conf.write(
        (listeners +
         QStringLiteral("allow_anonymous false\nplugin %1\n"
                        "plugin_opt_credentials_file %2\nuser %3\nmessage_size_limit 262144\n"
                        "set_tcp_nodelay true\npersistence true\npersistence_location %4/\n"
                        "log_dest stdout\nlog_type error\nlog_type warning\n")
             .arg(plugin, credentialsFile(), QString::fromLocal8Bit(self ? self->pw_name : "root"), dir_))
            .toUtf8());
    conf.close();
    process_ = std::make_unique<QProcess>();
    process_->setProcessChannelMode(QProcess::MergedChannels);
    process_->start(QStringLiteral("mosquitto"), {QStringLiteral("-c"), conf.fileName()});
    if (!process_->waitForStarted(5000)) {
        *error = QStringLiteral("cannot start mosquitto (apt-get install mosquitto)");
        return false;
    }
    const QDeadlineTimer deadline(10000);
    while (!deadline.hasExpired()) {
        if (process_->state() != QProcess::Running) {
            *error = QStringLiteral("mosquitto exited: %1").arg(logs());
            return false;
        }
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, port_);
        if (probe.waitForConnected(200))
            return true;
        QThread::msleep(50);
    }
    *error = QStringLiteral("mosquitto did not listen on %1 within 10 s: %2").arg(port_).arg(logs());
    return false;
}

void MosquittoProcess::kill()
{
    if (!process_)
        return;
    process_->kill();
    process_->waitForFinished(3000);
    logs();
}

} // namespace spk::test
