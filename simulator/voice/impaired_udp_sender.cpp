#include "simulator/voice/impaired_udp_sender.h"

#include "simulator/sim_logging.h"

#include <QHostInfo>

namespace spk::sim {

ImpairedUdpSender::ImpairedUdpSender(const NetworkImpairment &impairment, QObject *parent)
    : QObject(parent), m_impairment(impairment), m_rng(impairment.seed)
{
    m_clock.start();
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &ImpairedUdpSender::flushDue);
}

bool ImpairedUdpSender::open(QString *error)
{
    if (!m_socket.bind(QHostAddress::AnyIPv4, 0)) {
        *error = QStringLiteral("cannot open the UDP socket: %1").arg(m_socket.errorString());
        return false;
    }
    return true;
}

void ImpairedUdpSender::send(const std::string &host, quint16 port, const std::vector<std::uint8_t> &bytes)
{
    ++m_counters.offered;
    Datagram d{resolve(host), port,
               QByteArray(reinterpret_cast<const char *>(bytes.data()), qsizetype(bytes.size()))};
    if (d.address.isNull()) {
        ++m_counters.errors;
        return;
    }
    if (!m_impairment.any())
        return write(d);
    std::uniform_real_distribution<double> chance(0.0, 1.0);
    if (chance(m_rng) < m_impairment.loss) {
        ++m_counters.lost;
        return;
    }
    int delayMs =
        m_impairment.jitterMs > 0 ? std::uniform_int_distribution<int>(0, m_impairment.jitterMs)(m_rng) : 0;
    if (chance(m_rng) < m_impairment.reorder) {
        delayMs += kReorderExtraMs;
        ++m_counters.reordered;
    }
    if (delayMs == 0)
        return write(d);
    ++m_counters.delayed;
    m_queue.emplace(m_clock.elapsed() + delayMs, std::move(d));
    armTimer();
}

QHostAddress ImpairedUdpSender::resolve(const std::string &host)
{
    const QString name = QString::fromStdString(host);
    const auto it = m_addresses.constFind(name);
    if (it != m_addresses.constEnd())
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
    m_addresses.insert(name, address);
    return address;
}

void ImpairedUdpSender::write(const Datagram &d)
{
    if (m_socket.writeDatagram(d.bytes, d.address, d.port) == d.bytes.size())
        ++m_counters.sent;
    else
        ++m_counters.errors;
}

void ImpairedUdpSender::flushDue()
{
    const qint64 now = m_clock.elapsed();
    while (!m_queue.empty() && m_queue.begin()->first <= now) {
        write(m_queue.begin()->second);
        m_queue.erase(m_queue.begin());
    }
    armTimer();
}

void ImpairedUdpSender::armTimer()
{
    if (m_queue.empty())
        return;
    const qint64 wait = std::max<qint64>(0, m_queue.begin()->first - m_clock.elapsed());
    if (!m_timer.isActive() || m_timer.remainingTime() > wait)
        m_timer.start(int(wait));
}

} // namespace spk::sim
