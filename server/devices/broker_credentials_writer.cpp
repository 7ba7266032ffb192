#include "server/devices/broker_credentials_writer.h"

#include "server/auth/passwords.h"
#include "server/broker_auth/broker_credentials.h"
#include "server/core/logging.h"
#include "server/core/metrics.h"
#include "server/devices/devices_metrics.h"
#include "server/storage/device_store.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace spk::server {

namespace {

// An exclusive flock on "<file>.lock" for the life of the object (released by close).
class FileLock
{
public:
    explicit FileLock(const QString &path)
        : fd_(::open(QFile::encodeName(path).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600))
    {
        if (fd_ >= 0 && ::flock(fd_, LOCK_EX) != 0) {
            ::close(fd_);
            fd_ = -1;
        }
    }
    ~FileLock()
    {
        if (fd_ >= 0)
            ::close(fd_);
    }
    bool held() const { return fd_ >= 0; }

private:
    int fd_;
};

} // namespace

BrokerCredentialsWriter::BrokerCredentialsWriter(DeviceStore &devices, QString path, QString serviceUser,
                                                 QString servicePassword, Metrics &metrics, QObject *parent)
    : QObject(parent), devices_(devices), path_(std::move(path)), serviceUser_(std::move(serviceUser)),
      servicePassword_(std::move(servicePassword)), metrics_(metrics)
{
    timer_.setSingleShot(true);
    timer_.setInterval(kCoalesceMs);
    connect(&timer_, &QTimer::timeout, this, [this] {
        QString error;
        if (!writeNow(&error))
            qCWarning(lcMqtt).noquote() << "broker credentials not updated:" << error;
    });
}

void BrokerCredentialsWriter::scheduleWrite()
{
    if (!timer_.isActive()) // not restarted: a steady stream of changes still writes every kCoalesceMs
        timer_.start();
}

QString BrokerCredentialsWriter::currentServiceHash() const
{
    QFile file(path_);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    for (int i = 0; i < 4 && !file.atEnd(); ++i) { // the header, then the service line
        const std::string line = file.readLine().trimmed().toStdString();
        mqttauth::Account account;
        if (!mqttauth::isSkippableLine(line) && mqttauth::parseCredentialLine(line, &account) &&
            account.kind == mqttauth::AccountKind::Service && account.username == serviceUser_.toStdString())
            return QString::fromStdString(account.hash);
    }
    return {};
}

bool BrokerCredentialsWriter::writeNow(QString *error)
{
    using namespace mqttauth;
    timer_.stop();
    auto &failures = metrics_.counter(devices_metrics::kBrokerCredentialWrites, QStringLiteral("error"));
    const QString dir = QFileInfo(path_).absolutePath();
    if (!QFileInfo::exists(dir) && QDir().mkpath(dir)) // spkd's umask is 077; the broker's group enters
        QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                                       QFileDevice::ReadGroup | QFileDevice::ExeGroup);
    // The snapshot is read under the lock: whoever writes last has read last.
    const FileLock lock(path_ + QStringLiteral(".lock"));
    if (!lock.held()) {
        *error = QStringLiteral("cannot lock %1.lock").arg(path_);
        failures.inc();
        return false;
    }
    std::vector<std::pair<QString, QString>> digests;
    if (!devices_.secretDigests(&digests)) {
        *error = QStringLiteral("cannot read the device registry");
        failures.inc();
        return false;
    }
    if (const QString current = currentServiceHash(); current != serviceHash_ || serviceHash_.isEmpty()) {
        if (!current.isEmpty() && auth::verifyPassword(current, servicePassword_))
            serviceHash_ = current; // another replica's hash of the same password: keep it
        else if (serviceHash_.isEmpty())
            serviceHash_ = auth::hashPassword(servicePassword_);
    }
    std::string text(kCredentialsHeader);
    text.reserve(text.size() + (digests.size() + 1) * 96);
    text += credentialLine({AccountKind::Service, serviceUser_.toStdString(), serviceHash_.toStdString()});
    for (const auto &[id, digest] : digests)
        text += credentialLine({AccountKind::Device, id.toStdString(), digest.toStdString()});
    QSaveFile file(path_);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(text.data(), qint64(text.size())) != qint64(text.size()) || !file.commit() ||
        !QFile::setPermissions(path_,
                               QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup)) {
        *error = QStringLiteral("cannot write %1: %2").arg(path_, file.errorString());
        failures.inc();
        return false;
    }
    metrics_.counter(devices_metrics::kBrokerCredentialWrites, QStringLiteral("ok")).inc();
    metrics_.gauge(devices_metrics::kBrokerDeviceAccounts).set(double(digests.size()));
    qCDebug(lcMqtt) << "broker credentials written:" << digests.size() << "devices";
    if (afterWrite_)
        afterWrite_();
    return true;
}

} // namespace spk::server
