#include "simulator/voice/impaired_udp_sender.h"

#include "simulator/sim_logging.h"

#include <QHostInfo>

namespace spk::sim {

ImpairedUdpSender::ImpairedUdpSender(const NetworkImpairment &impairment, QObject *parent)
    : QObject(parent), impairment_(impairment), rng_(impairment.seed)
{
    clock_.start();
    timer_.setSingleShot(true);
    timer_.setTimerType(Qt::PreciseTimer);
    connect(&timer_, &QTimer::timeout, this, &ImpairedUdpSender::flushDue);
}

bool ImpairedUdpSender::open(QString *error)
{
    if (!socket_.bind(QHostAddress::AnyIPv4, 0)) {
        *error = QStringLiteral("cannot open the UDP socket: %1").arg(socket_.errorString());
        return false;
    }
    return true;
}

void ImpairedUdpSender::send(const std::string &host, quint16 port, const std::vector<std::uint8_t> &bytes)
{
    ++counters_.offered;
    Datagram d{resolve(host), port,
               QByteArray(reinterpret_cast<const char *>(bytes.data()), qsizetype(bytes.size()))};
    if (d.address.isNull()) {
        ++counters_.errors;
        return;
    }
    if (!impairment_.any())
        return write(d);
    std::uniform_real_distribution<double> chance(0.0, 1.0);
    if (chance(rng_) < impairment_.loss) {
        ++counters_.lost;
        return;
    }
    int delayMs =
        impairment_.jitterMs > 0 ? std::uniform_int_distribution<int>(0, impairment_.jitterMs)(rng_) : 0;
    if (chance(rng_) < impairment_.reorder) {
        delayMs += kReorderExtraMs;
        ++counters_.reordered;
    }
    if (delayMs == 0)
        return write(d);
    ++counters_.delayed;
    queue_.emplace(clock_.elapsed() + delayMs, std::move(d));
    armTimer();
}

QHostAddress ImpairedUdpSender::resolve(const std::string &host)
{
    const QString name = QString::fromStdString(host);
    const auto it = addresses_.constFind(name);
    if (it != addresses_.constEnd())
        return *it;
    QHostAddress address(name);
    if (address.isNull()) {
        // A name, not an address: resolved once (blocking), then cached for every speaker.
        const QHostInfo info = QHostInfo::fromName(name);
        for (const QHostAddress &a : info.addresses())
            if (a.protocol() == QAbstractSocket::IPv4Protocol) {
                address = a;
                break;
            }
        if (address.isNull())
            qCWarning(lcSim) << "cannot resolve the bridge's UDP host" << name;
    }
    addresses_.insert(name, address);
    return address;
}

void ImpairedUdpSender::write(const Datagram &d)
{
    if (socket_.writeDatagram(d.bytes, d.address, d.port) == d.bytes.size())
        ++counters_.sent;
    else
        ++counters_.errors;
}

void ImpairedUdpSender::flushDue()
{
    const qint64 now = clock_.elapsed();
    while (!queue_.empty() && queue_.begin()->first <= now) {
        write(queue_.begin()->second);
        queue_.erase(queue_.begin());
    }
    armTimer();
}

void ImpairedUdpSender::armTimer()
{
    if (queue_.empty())
        return;
    const qint64 wait = std::max<qint64>(0, queue_.begin()->first - clock_.elapsed());
    if (!timer_.isActive() || timer_.remainingTime() > wait)
        timer_.start(int(wait));
}

} // namespace spk::sim
