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
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate(); // SIGTERM to this PID only
        if (!m_process.waitForFinished(5000)) {
            m_process.kill();
            m_process.waitForFinished(2000);
        }
    }
}

bool PrivateMosquitto::start(QString *error)
{
    if (!QFileInfo::exists(kMosquitto)) {
        *error = kMosquitto + QStringLiteral(" is missing (install mosquitto: scripts/install-deps.sh)");
        return false;
    }
    if (!m_dir.isValid() || !(m_port = freePort())) {
        *error = QStringLiteral("no temp dir or free port");
        return false;
    }
    const QString conf = m_dir.filePath(QStringLiteral("mosquitto.conf"));
    QFile f(conf);
    if (!f.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write ") + conf;
        return false;
    }
    f.write(QStringLiteral("listener %1 127.0.0.1\nallow_anonymous true\npersistence false\n"
                           "set_tcp_nodelay true\n")
                .arg(m_port)
                .toUtf8());
    f.close();
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start(kMosquitto, {QStringLiteral("-c"), conf});
    if (!m_process.waitForStarted(5000)) {
        *error = QStringLiteral("mosquitto did not start: ") + m_process.errorString();
        return false;
    }
    const QDeadlineTimer deadline(10000);
    while (!deadline.hasExpired()) {
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, m_port);
        if (s.waitForConnected(200))
            return true;
        if (m_process.state() == QProcess::NotRunning)
            break;
        QThread::msleep(50);
    }
    *error = QStringLiteral("mosquitto is not accepting connections on port %1: %2").arg(m_port).arg(log());
    return false;
}

QString PrivateMosquitto::log() const
{
    return QString::fromUtf8(const_cast<QProcess &>(m_process).readAllStandardOutput());
}
