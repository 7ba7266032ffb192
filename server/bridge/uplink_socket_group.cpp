#include "server/bridge/uplink_socket_group.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <linux/filter.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace spk::server {

namespace {
// Many streams arrive at once: a deep receive buffer rides out a worker that is briefly busy.
constexpr int kReceiveBufferBytes = 8 * 1024 * 1024;
constexpr quint32 kSsrcOffset = 4; // protocol.md §4: version, flags, length (4 bytes), then ssrc

QString errnoText()
{
    return qt_error_string(errno); // thread-safe, unlike strerror
}

socklen_t toSockaddr(const QHostAddress &address, quint16 port, sockaddr_storage *out)
{
    std::memset(out, 0, sizeof(*out));
    if (address.protocol() == QAbstractSocket::IPv4Protocol) {
        auto *in = reinterpret_cast<sockaddr_in *>(out);
        in->sin_family = AF_INET;
        in->sin_port = htons(port);
        in->sin_addr.s_addr = htonl(address.toIPv4Address());
        return sizeof(sockaddr_in);
    }
    auto *in6 = reinterpret_cast<sockaddr_in6 *>(out);
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons(port);
    const Q_IPV6ADDR bytes = address.toIPv6Address();
    std::memcpy(&in6->sin6_addr, &bytes, sizeof(bytes));
    return sizeof(sockaddr_in6);
}
} // namespace

UplinkSocketGroup::~UplinkSocketGroup()
{
    close();
}

void UplinkSocketGroup::close()
{
    for (int fd : fds_)
        ::close(fd);
    fds_.clear();
    port_ = 0;
}

bool UplinkSocketGroup::open(const QHostAddress &address, quint16 port, int count, QString *error,
                             QString *warning)
{
    close();
    if (address.isNull() || (address.protocol() != QAbstractSocket::IPv4Protocol &&
                             address.protocol() != QAbstractSocket::IPv6Protocol)) {
        *error = QStringLiteral("not an IP address: %1").arg(address.toString());
        return false;
    }
    count = qMax(1, count);
    const bool shared = count > 1;
    // SO_REUSEPORT would also let us join the group of another process on a fixed port (a second
    // spkd, say) and split its traffic: make sure the port is free first.
    if (shared && port != 0) {
        if (!openOne(address, port, false, error))
            return false;
        close();
    }
    for (int i = 0; i < count; ++i) {
        // The first socket picks the port when it is 0; the others join its group on that port.
        if (!openOne(address, i == 0 ? port : port_, shared, error)) {
            close();
            return false;
        }
    }
    QString why;
    if (shared && !attachSteering(&why)) {
        // Without steering the kernel spreads datagrams by source address: a stream could reach a
        // worker that does not own it. One socket is always right.
        close();
        *warning = QStringLiteral("UDP steering by ssrc unavailable (%1): one media worker").arg(why);
        return openOne(address, port, false, error);
    }
    return true;
}

bool UplinkSocketGroup::openOne(const QHostAddress &address, quint16 port, bool reusePort, QString *error)
{
    sockaddr_storage addr;
    const socklen_t addrLen = toSockaddr(address, port, &addr);
    const int fd = ::socket(addr.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *error = QStringLiteral("cannot create a UDP socket: %1").arg(errnoText());
        return false;
    }
    const int one = 1;
    if (reusePort && ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) != 0) {
        *error = QStringLiteral("cannot share UDP port %1 between workers: %2").arg(port).arg(errnoText());
        ::close(fd);
        return false;
    }
    // SO_RCVBUFFORCE passes net.core.rmem_max when we may (CAP_NET_ADMIN); else the capped request.
    const int wanted = kReceiveBufferBytes;
    if (::setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &wanted, sizeof(wanted)) != 0)
        ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &wanted, sizeof(wanted));
    if (::bind(fd, reinterpret_cast<sockaddr *>(&addr), addrLen) != 0) {
        *error =
            QStringLiteral("cannot bind UDP %1:%2: %3").arg(address.toString()).arg(port).arg(errnoText());
        ::close(fd);
        return false;
    }
    sockaddr_storage bound;
    socklen_t boundLen = sizeof(bound);
    ::getsockname(fd, reinterpret_cast<sockaddr *>(&bound), &boundLen);
    port_ = ntohs(bound.ss_family == AF_INET ? reinterpret_cast<sockaddr_in *>(&bound)->sin_port
                                             : reinterpret_cast<sockaddr_in6 *>(&bound)->sin6_port);
    int granted = 0;
    socklen_t grantedLen = sizeof(granted);
    ::getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &granted, &grantedLen);
    receiveBuffer_ = granted;
    fds_.push_back(fd);
    return true;
}

bool UplinkSocketGroup::attachSteering(QString *error)
{
    // A = ssrc (BPF_ABS loads are big-endian, as the wire); A %= N; return A. A datagram shorter
    // than the load aborts the program with 0: socket 0, where it is counted and dropped.
    sock_filter code[] = {
        {BPF_LD | BPF_W | BPF_ABS, 0, 0, kSsrcOffset},
        {BPF_ALU | BPF_MOD | BPF_K, 0, 0, quint32(fds_.size())},
        {BPF_RET | BPF_A, 0, 0, 0},
    };
    sock_fprog program{static_cast<unsigned short>(sizeof(code) / sizeof(code[0])), code};
    if (::setsockopt(fds_.front(), SOL_SOCKET, SO_ATTACH_REUSEPORT_CBPF, &program, sizeof(program)) != 0) {
        *error = errnoText();
        return false;
    }
    return true;
}

} // namespace spk::server
