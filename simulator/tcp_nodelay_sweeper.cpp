#include "simulator/tcp_nodelay_sweeper.h"

#include "shared/net/tcp_nodelay.h"
#include "simulator/sim_logging.h"

namespace spk::sim {

namespace {
constexpr int kCoalesceMs = 20;
} // namespace

TcpNoDelaySweeper::TcpNoDelaySweeper(QObject *parent) : QObject(parent)
{
    timer_.setSingleShot(true);
    timer_.setInterval(kCoalesceMs);
    connect(&timer_, &QTimer::timeout, this, [] {
        const int changed = sweepNow();
        qCDebug(lcSim) << "TCP_NODELAY set on" << changed << "new sockets";
    });
}

void TcpNoDelaySweeper::requestSweep()
{
    if (!timer_.isActive())
        timer_.start();
}

int TcpNoDelaySweeper::sweepNow()
{
    return spk::net::setTcpNoDelayOnAllSockets();
}

} // namespace spk::sim
