#include "shared/net/tcp_nodelay.h"

#include <dirent.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <cstdlib>

namespace spk::net {

int setTcpNoDelayOnAllSockets()
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

} // namespace spk::net
