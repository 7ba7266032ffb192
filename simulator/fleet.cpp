#include "simulator/fleet.h"

#include "shared/client/tls_trust.h"
#include "simulator/sim_device.h"
#include "simulator/sim_logging.h"

#include <mqtt/exception.h>

#include <algorithm>
#include <cmath>

namespace spk::sim {

namespace {
constexpr int kRampStepMs = 10;
constexpr int kTickMs = 250;
constexpr int kDrainEveryMs = 10000;
constexpr int kGoodbyeDeadlineMs = 5000;
} // namespace

Fleet::Fleet(SimOptions options, QObject *parent) : QObject(parent), options_(std::move(options))
{
    rampTimer_.setInterval(kRampStepMs);
    tickTimer_.setInterval(kTickMs);
    drainTimer_.setInterval(kDrainEveryMs);
    durationTimer_.setSingleShot(true);
    durationTimer_.setTimerType(Qt::PreciseTimer);
    stopDeadline_.setSingleShot(true);
    connect(&rampTimer_, &QTimer::timeout, this, &Fleet::rampStep);
    connect(&tickTimer_, &QTimer::timeout, this, &Fleet::tickAll);
    connect(&drainTimer_, &QTimer::timeout, this, &Fleet::drainBatteries);
    connect(&durationTimer_, &QTimer::timeout, this, &Fleet::stop);
    connect(&stopDeadline_, &QTimer::timeout, this, &Fleet::abort);
}

Fleet::~Fleet() = default;

bool Fleet::create(QString *error)
{
    HostSettings host;
    host.brokerUri = options_.brokerUri.toStdString();
    host.ackDelayMs = options_.ackDelayMs;
    host.failAcks = options_.failAcks;
    devices_.reserve(size_t(options_.deviceIds.size()));
    for (int i = 0; i < options_.deviceIds.size(); ++i) {
        fw::DeviceOptions o;
        o.deviceId = options_.deviceIds[i].toStdString();
        o.secret = options_.secrets.value(options_.deviceIds[i]).toStdString();
        o.firmwareVersion = options_.firmwareVersion.toStdString();
        o.statusIntervalMs = uint32_t(options_.statusIntervalMs);
        o.rebootDowntimeMs = uint32_t(options_.rebootDowntimeMs);
        o.keepAliveSeconds = uint16_t(options_.keepAliveSeconds);
        o.tls = mqttTlsSettings(options_);
        // A little variety, so a dashboard of simulated speakers does not look like one speaker.
        o.battery = 100 - (i * 7) % 41;
        o.temperature = 30.0 + double((i * 13) % 100) / 10.0;
        std::string coreError;
        auto core = fw::DeviceCore::create(o, &coreError);
        if (!core) {
            *error = QString::fromStdString(coreError);
            return false;
        }
        try {
            auto device = std::make_unique<SimDevice>(std::move(core), host);
            connect(device.get(), &SimDevice::stopped, this, &Fleet::onDeviceStopped);
            connect(device.get(), &SimDevice::connectFailed, this, &Fleet::onConnectFailed);
            connect(device.get(), &SimDevice::linkUp, &noDelay_, &TcpNoDelaySweeper::requestSweep);
            devices_.push_back(std::move(device));
        } catch (const mqtt::exception &e) {
            *error =
                QStringLiteral("cannot create an MQTT client for %1: %2").arg(options_.brokerUri, e.what());
            return false;
        }
    }
    return true;
}

void Fleet::start()
{
    clock_.start();
    lastRampMs_ = 0;
    rampCredit_ = 1; // the first device goes at once
    rampStep();
    rampTimer_.start();
    tickTimer_.start();
    if (options_.batteryDrain)
        drainTimer_.start();
    if (options_.durationMs > 0)
        durationTimer_.start(options_.durationMs);
    qCInfo(lcSim) << "starting" << devices_.size() << "devices against" << options_.brokerUri << "at"
                  << options_.connectRate << "connections/s";
}

void Fleet::rampStep()
{
    const qint64 now = clock_.elapsed();
    rampCredit_ += options_.connectRate * double(now - lastRampMs_) / 1000.0;
    lastRampMs_ = now;
    while (rampCredit_ >= 1.0 && nextToStart_ < devices_.size()) {
        devices_[nextToStart_++]->start();
        rampCredit_ -= 1.0;
    }
    if (nextToStart_ >= devices_.size())
        rampTimer_.stop();
}

void Fleet::tickAll()
{
    const quint64 now = quint64(clock_.elapsed());
    int connected = 0;
    for (auto &d : devices_) {
        d->tick(now);
        connected += d->isConnected() ? 1 : 0;
    }
    if (allConnectedAtMs_ < 0 && connected == int(devices_.size())) {
        allConnectedAtMs_ = qint64(now);
        qCInfo(lcSim) << "all" << connected << "devices online after" << now << "ms";
    }
}

void Fleet::drainBatteries()
{
    for (auto &d : devices_)
        d->core().setBattery(d->core().battery() - 1);
}

void Fleet::stop()
{
    if (stopping_)
        return;
    stopping_ = true;
    stoppedAtMs_ = clock_.elapsed();
    onlineAtStop_ =
        int(std::count_if(devices_.begin(), devices_.end(), [](auto &d) { return d->isConnected(); }));
    rampTimer_.stop();
    tickTimer_.stop();
    drainTimer_.stop();
    durationTimer_.stop();
    stopDeadline_.start(kGoodbyeDeadlineMs);
    qCInfo(lcSim) << "stopping:" << onlineAtStop_ << "devices online say goodbye";
    for (auto &d : devices_)
        d->powerOff();
    if (devices_.empty())
        finish();
}

void Fleet::abort()
{
    if (!stopping_)
        stop();
    if (!finished_) {
        const int pending = int(devices_.size()) - stoppedDevices_;
        if (pending > 0)
            qCWarning(lcSim) << pending << "devices did not finish disconnecting in time";
        finish();
    }
}

void Fleet::onConnectFailed()
{
    // Every device would fail alike: one diagnosis per run (the devices keep retrying meanwhile).
    probeTlsOnce(options_, &tlsProbe_, &tlsProbed_);
}

void Fleet::onDeviceStopped()
{
    ++stoppedDevices_;
    if (stopping_ && stoppedDevices_ >= int(devices_.size()))
        finish();
}

void Fleet::finish()
{
    if (finished_)
        return;
    finished_ = true;
    stopDeadline_.stop();
    QMetaObject::invokeMethod(this, &Fleet::finished, Qt::QueuedConnection);
}

void probeTlsOnce(const SimOptions &options, TlsProbe *probe, bool *probed)
{
    if (*probed || !brokerUsesTls(options.brokerUri))
        return;
    *probed = true;
    QSslConfiguration tls;
    QString error;
    if (!client::TlsTrust::load(options.caFile, &tls, &error)) { // checked at parse time already
        qCWarning(lcSim).noquote() << error;
        return;
    }
    QObject::connect(
        probe, &TlsProbe::finished, probe,
        [options](const QStringList &problems, const QString &handshakeError) {
            const QString hint =
                options.caFile.isEmpty()
                    ? QStringLiteral("pass --ca FILE (or SPK_CA) with the CA that signed the "
                                     "broker's certificate")
                    : QStringLiteral("is %1 the CA that signed the broker's certificate?")
                          .arg(options.caFile);
            if (!problems.isEmpty())
                qCWarning(lcSim).noquote()
                    << QStringLiteral("TLS to %1 failed: %2")
                           .arg(options.brokerUri, client::TlsTrust::untrustedMessage(problems, hint));
            else if (!handshakeError.isEmpty())
                qCWarning(lcSim).noquote()
                    << QStringLiteral("TLS to %1 failed: %2").arg(options.brokerUri, handshakeError);
        });
    probe->start(options.brokerUri, tls);
}

FleetSnapshot Fleet::snapshot() const
{
    FleetSnapshot s;
    s.brokerUri = options_.brokerUri;
    s.elapsedMs = stoppedAtMs_ >= 0 ? stoppedAtMs_ : clock_.elapsed();
    s.devices = int(devices_.size());
    s.started = int(nextToStart_);
    s.allConnectedAtMs = allConnectedAtMs_;
    std::vector<qint64> connectTimes;
    connectTimes.reserve(devices_.size());
    for (const auto &d : devices_) {
        s.connectedNow += d->isConnected() ? 1 : 0;
        s.core += d->core().counters();
        s.host += d->counters();
        if (const auto t = d->firstConnectMs()) {
            ++s.everConnected;
            connectTimes.push_back(*t);
        }
    }
    s.firstConnect = summarizeLatencies(connectTimes);
    return s;
}

} // namespace spk::sim
