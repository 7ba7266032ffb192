#include "simulator/fleet.h"

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

Fleet::Fleet(SimOptions options, QObject *parent) : QObject(parent), m_options(std::move(options))
{
    m_rampTimer.setInterval(kRampStepMs);
    m_tickTimer.setInterval(kTickMs);
    m_drainTimer.setInterval(kDrainEveryMs);
    m_durationTimer.setSingleShot(true);
    m_durationTimer.setTimerType(Qt::PreciseTimer);
    m_stopDeadline.setSingleShot(true);
    connect(&m_rampTimer, &QTimer::timeout, this, &Fleet::rampStep);
    connect(&m_tickTimer, &QTimer::timeout, this, &Fleet::tickAll);
    connect(&m_drainTimer, &QTimer::timeout, this, &Fleet::drainBatteries);
    connect(&m_durationTimer, &QTimer::timeout, this, &Fleet::stop);
    connect(&m_stopDeadline, &QTimer::timeout, this, &Fleet::abort);
}

Fleet::~Fleet() = default;

bool Fleet::create(QString *error)
{
    HostSettings host;
    host.brokerUri = m_options.brokerUri.toStdString();
    host.ackDelayMs = m_options.ackDelayMs;
    host.failAcks = m_options.failAcks;
    m_devices.reserve(size_t(m_options.deviceIds.size()));
    for (int i = 0; i < m_options.deviceIds.size(); ++i) {
        fw::DeviceOptions o;
        o.deviceId = m_options.deviceIds[i].toStdString();
        o.firmwareVersion = m_options.firmwareVersion.toStdString();
        o.statusIntervalMs = uint32_t(m_options.statusIntervalMs);
        o.rebootDowntimeMs = uint32_t(m_options.rebootDowntimeMs);
        o.keepAliveSeconds = uint16_t(m_options.keepAliveSeconds);
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
            connect(device.get(), &SimDevice::linkUp, &m_noDelay, &TcpNoDelaySweeper::requestSweep);
            m_devices.push_back(std::move(device));
        } catch (const mqtt::exception &e) {
            *error =
                QStringLiteral("cannot create an MQTT client for %1: %2").arg(m_options.brokerUri, e.what());
            return false;
        }
    }
    return true;
}

void Fleet::start()
{
    m_clock.start();
    m_lastRampMs = 0;
    m_rampCredit = 1; // the first device goes at once
    rampStep();
    m_rampTimer.start();
    m_tickTimer.start();
    if (m_options.batteryDrain)
        m_drainTimer.start();
    if (m_options.durationMs > 0)
        m_durationTimer.start(m_options.durationMs);
    qCInfo(lcSim) << "starting" << m_devices.size() << "devices against" << m_options.brokerUri << "at"
                  << m_options.connectRate << "connections/s";
}

void Fleet::rampStep()
{
    const qint64 now = m_clock.elapsed();
    m_rampCredit += m_options.connectRate * double(now - m_lastRampMs) / 1000.0;
    m_lastRampMs = now;
    while (m_rampCredit >= 1.0 && m_nextToStart < m_devices.size()) {
        m_devices[m_nextToStart++]->start();
        m_rampCredit -= 1.0;
    }
    if (m_nextToStart >= m_devices.size())
        m_rampTimer.stop();
}

void Fleet::tickAll()
{
    const quint64 now = quint64(m_clock.elapsed());
    int connected = 0;
    for (auto &d : m_devices) {
        d->tick(now);
        connected += d->isConnected() ? 1 : 0;
    }
    if (m_allConnectedAtMs < 0 && connected == int(m_devices.size())) {
        m_allConnectedAtMs = qint64(now);
        qCInfo(lcSim) << "all" << connected << "devices online after" << now << "ms";
    }
}

void Fleet::drainBatteries()
{
    for (auto &d : m_devices)
        d->core().setBattery(d->core().battery() - 1);
}

void Fleet::stop()
{
    if (m_stopping)
        return;
    m_stopping = true;
    m_stoppedAtMs = m_clock.elapsed();
    m_onlineAtStop =
        int(std::count_if(m_devices.begin(), m_devices.end(), [](auto &d) { return d->isConnected(); }));
    m_rampTimer.stop();
    m_tickTimer.stop();
    m_drainTimer.stop();
    m_durationTimer.stop();
    m_stopDeadline.start(kGoodbyeDeadlineMs);
    qCInfo(lcSim) << "stopping:" << m_onlineAtStop << "devices online say goodbye";
    for (auto &d : m_devices)
        d->powerOff();
    if (m_devices.empty())
        finish();
}

void Fleet::abort()
{
    if (!m_stopping)
        stop();
    if (!m_finished) {
        const int pending = int(m_devices.size()) - m_stoppedDevices;
        if (pending > 0)
            qCWarning(lcSim) << pending << "devices did not finish disconnecting in time";
        finish();
    }
}

void Fleet::onDeviceStopped()
{
    ++m_stoppedDevices;
    if (m_stopping && m_stoppedDevices >= int(m_devices.size()))
        finish();
}

void Fleet::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_stopDeadline.stop();
    QMetaObject::invokeMethod(this, &Fleet::finished, Qt::QueuedConnection);
}

FleetSnapshot Fleet::snapshot() const
{
    FleetSnapshot s;
    s.brokerUri = m_options.brokerUri;
    s.elapsedMs = m_stoppedAtMs >= 0 ? m_stoppedAtMs : m_clock.elapsed();
    s.devices = int(m_devices.size());
    s.started = int(m_nextToStart);
    s.allConnectedAtMs = m_allConnectedAtMs;
    std::vector<qint64> connectTimes;
    connectTimes.reserve(m_devices.size());
    for (const auto &d : m_devices) {
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
