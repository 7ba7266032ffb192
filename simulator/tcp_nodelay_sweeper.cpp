#include "simulator/tcp_nodelay_sweeper.h"

#include "shared/net/tcp_nodelay.h"
#include "simulator/sim_logging.h"

namespace spk::sim {

namespace {
constexpr int kCoalesceMs = 20;
} // namespace

TcpNoDelaySweeper::TcpNoDelaySweeper(QObject *parent) : QObject(parent)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(kCoalesceMs);
    connect(&m_timer, &QTimer::timeout, this, [] {
        const int changed = sweepNow();
        qCDebug(lcSim) << "TCP_NODELAY set on" << changed << "new sockets";
    });
}

void TcpNoDelaySweeper::requestSweep()
{
    if (!m_timer.isActive())
        m_timer.start();
}

int TcpNoDelaySweeper::sweepNow()
{
    return spk::net::setTcpNoDelayOnAllSockets();
}

} // namespace spk::sim
