#include "simulator/open_file_limit.h"

#include <sys/resource.h>

#include <algorithm>

namespace spk::sim {

bool ensureOpenFileLimit(int sockets, QString *error)
{
    constexpr rlim_t kMargin = 64; // stdio, Paho's pipes, Qt's event fds
    rlimit lim = {};
    if (::getrlimit(RLIMIT_NOFILE, &lim) != 0)
        return true; // cannot tell; let the connects report it
    const rlim_t needed = rlim_t(sockets) + kMargin;
    if (lim.rlim_cur < needed && lim.rlim_cur < lim.rlim_max) {
        lim.rlim_cur =
            lim.rlim_max == RLIM_INFINITY ? needed : std::min(lim.rlim_max, std::max(needed, lim.rlim_cur));
        ::setrlimit(RLIMIT_NOFILE, &lim);
        ::getrlimit(RLIMIT_NOFILE, &lim);
    }
    if (lim.rlim_cur != RLIM_INFINITY && lim.rlim_cur < needed) {
        *error = QStringLiteral("%1 devices need about %2 open files but this process may open only %3; "
                                "split the fleet over several spksim processes (--devices N --first K)")
                     .arg(sockets)
                     .arg(qulonglong(needed))
                     .arg(qulonglong(lim.rlim_cur));
        return false;
    }
    return true;
}

} // namespace spk::sim
