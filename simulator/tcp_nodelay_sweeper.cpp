#include "simulator/tcp_nodelay_sweeper.h"

#include "simulator/sim_logging.h"

#include <dirent.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <cstdlib>

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
    DIR *dir = ::opendir("/proc/self/fd");
    if (!dir)
        return 0;
    const int dirFd = ::dirfd(dir);
    int changed = 0;
    while (const dirent *entry = ::readdir(dir)) {
        char *end = nullptr;
        const long fd = std::strtol(entry->d_name, &end, 10);
        if (end == entry->d_name || *end != '\0' || fd == dirFd)
            continue;
        int on = 0;
        socklen_t len = sizeof(on);
        // Fails with ENOTSOCK / EOPNOTSUPP for anything that is not a TCP socket: skipped.
        if (::getsockopt(int(fd), IPPROTO_TCP, TCP_NODELAY, &on, &len) != 0 || on)
            continue;
        on = 1;
        if (::setsockopt(int(fd), IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on)) == 0)
            ++changed;
    }
    ::closedir(dir);
    return changed;
}

} // namespace spk::sim
