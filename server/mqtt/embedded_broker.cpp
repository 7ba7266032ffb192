#include "server/mqtt/embedded_broker.h"

#include "server/core/logging.h"
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QTcpSocket>
#include <QThread>
#include <csignal>
#include <pwd.h>
#include <sys/prctl.h>
#include <unistd.h>

namespace spk::server {

EmbeddedBroker::EmbeddedBroker(QString mosquittoBin, QString dataDir, int port, QObject *parent)
    : EmbeddedBroker(Options{std::move(mosquittoBin), std::move(dataDir), port, {}, {}, 262144}, parent)
{
}

EmbeddedBroker::EmbeddedBroker(Options options, QObject *parent)
    : QObject(parent), options_(std::move(options))
{
    process_.setProcessChannelMode(QProcess::MergedChannels);
    // If spkd dies without stopping it (SIGKILL, crash), the kernel stops the broker too: an orphan
    // would hold the port and the next spkd would talk to a stranger.
    process_.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
    connect(&process_, &QProcess::readyRead, this, [this] {
        const auto lines = process_.readAll().split('\n');
        for (const QByteArray &line : lines)
            if (!line.trimmed().isEmpty())
                qCDebug(lcMqtt).noquote() << "mosquitto:" << line.trimmed();
    });
    connect(&process_, &QProcess::finished, this, [this](int code, QProcess::ExitStatus) {
        if (!stopping_) {
            qCCritical(lcMqtt) << "embedded mosquitto exited with code" << code;
            emit crashed(QStringLiteral("mosquitto exited with code %1").arg(code));
        }
    });
}

EmbeddedBroker::~EmbeddedBroker()
{
    stop();
}

QString EmbeddedBroker::url() const
{
    return QStringLiteral("tcp://127.0.0.1:%1").arg(options_.port);
}

QString EmbeddedBroker::writeConfig()
{
    const QString dir = QDir(options_.dataDir).absoluteFilePath(QStringLiteral("mosquitto"));
    QDir().mkpath(dir);
    const QString path = dir + QStringLiteral("/mosquitto.conf");
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    // Loopback only; retained configs and queued QoS 1 messages persist across restarts.
    // set_tcp_nodelay: without it every round trip pays ~40 ms of Nagle + delayed ACK.
    QString auth;
    if (options_.authPlugin.isEmpty())
        auth = QStringLiteral("allow_anonymous true\n");
    else
        auth = QStringLiteral("allow_anonymous false\nplugin %1\nplugin_opt_credentials_file %2\n")
                   .arg(options_.authPlugin, options_.credentialsFile);
    // Run as spkd's own user: started by root, Mosquitto would otherwise switch to "mosquitto" and could
    // read neither its credentials file nor write its persistence in spkd's data dir.
    const passwd *self = ::getpwuid(::geteuid());
    if (self && self->pw_name)
        auth += QStringLiteral("user %1\n").arg(QString::fromLocal8Bit(self->pw_name));
    const QString conf = QStringLiteral("listener %1 127.0.0.1\n"
                                        "%3"
                                        "message_size_limit %4\n"
                                        "set_tcp_nodelay true\n"
                                        "persistence true\n"
                                        "persistence_location %2/\n"
                                        "autosave_interval 10\n"
                                        "max_queued_messages 1000\n"
                                        "log_dest stdout\n"
                                        "log_type error\n"
                                        "log_type warning\n")
                             .arg(options_.port)
                             .arg(dir, auth)
                             .arg(options_.maxMessageBytes);
    f.write(conf.toUtf8());
    return path;
}

bool EmbeddedBroker::start(QString *error)
{
    const QString conf = writeConfig();
    if (conf.isEmpty()) {
        *error = QStringLiteral("cannot write the mosquitto config in %1").arg(options_.dataDir);
        return false;
    }
    stopping_ = false;
    if (options_.authPlugin.isEmpty())
        qCWarning(lcMqtt) << "the embedded broker accepts anonymous clients on any topic (development only)";
    process_.start(options_.mosquittoBin, {QStringLiteral("-c"), conf});
    if (!process_.waitForStarted(3000)) {
        *error = QStringLiteral("cannot start %1: %2").arg(options_.mosquittoBin, process_.errorString());
        return false;
    }
    QDeadlineTimer deadline(5000);
    while (!deadline.hasExpired()) {
        if (process_.state() != QProcess::Running) {
            *error = QStringLiteral("mosquitto exited at start (is port %1 in use?)").arg(options_.port);
            return false;
        }
        QTcpSocket probe;
        probe.connectToHost(QStringLiteral("127.0.0.1"), static_cast<quint16>(options_.port));
        if (probe.waitForConnected(200)) {
            qCInfo(lcMqtt) << "embedded mosquitto listening on" << url();
            return true;
        }
        QThread::msleep(50);
    }
    *error = QStringLiteral("mosquitto did not accept connections on port %1 within 5 s").arg(options_.port);
    stop();
    return false;
}

void EmbeddedBroker::stop()
{
    if (process_.state() == QProcess::NotRunning)
        return;
    stopping_ = true;
    process_.terminate();
    if (!process_.waitForFinished(3000)) {
        process_.kill();
        process_.waitForFinished(1000);
    }
}

} // namespace spk::server
