#include "private_mosquitto.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

namespace {
const QString kMosquitto = QStringLiteral("/usr/sbin/mosquitto");

quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}
} // namespace

PrivateMosquitto::~PrivateMosquitto()
{
    if (process_.state() != QProcess::NotRunning) {
        process_.terminate(); // SIGTERM to this PID only
        if (!process_.waitForFinished(5000)) {
            process_.kill();
            process_.waitForFinished(2000);
        }
    }
}

bool PrivateMosquitto::start(QString *error)
{
    if (!QFileInfo::exists(kMosquitto)) {
        *error = kMosquitto + QStringLiteral(" is missing (install mosquitto: scripts/install-deps.sh)");
        return false;
    }
    if (!dir_.isValid() || !(port_ = freePort())) {
        *error = QStringLiteral("no temp dir or free port");
        return false;
    }
    const QString conf = dir_.filePath(QStringLiteral("mosquitto.conf"));
    QFile f(conf);
    if (!f.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write ") + conf;
        return false;
    }
    f.write(QStringLiteral("listener %1 127.0.0.1\nallow_anonymous true\npersistence false\n"
                           "set_tcp_nodelay true\n")
                .arg(port_)
                .toUtf8());
    f.close();
    process_.setProcessChannelMode(QProcess::MergedChannels);
    process_.start(kMosquitto, {QStringLiteral("-c"), conf});
    if (!process_.waitForStarted(5000)) {
        *error = QStringLiteral("mosquitto did not start: ") + process_.errorString();
        return false;
    }
    const QDeadlineTimer deadline(10000);
    while (!deadline.hasExpired()) {
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, port_);
        if (s.waitForConnected(200))
            return true;
        if (process_.state() == QProcess::NotRunning)
            break;
        QThread::msleep(50);
    }
    *error = QStringLiteral("mosquitto is not accepting connections on port %1: %2").arg(port_).arg(log());
    return false;
}

QString PrivateMosquitto::log() const
{
    return QString::fromUtf8(const_cast<QProcess &>(process_).readAllStandardOutput());
}
