#pragma once
// The bridge's UDP port as N sockets of one SO_REUSEPORT group, one per media worker. A classic BPF
// program on the group steers every datagram to socket (ssrc % N), reading the ssrc from bytes 4..7 of
// the payload (protocol.md §4 header), so all datagrams of a session reach the worker that owns it,
// whatever the device's source address. Datagrams too short to carry an ssrc go to socket 0.
// Linux only (SO_ATTACH_REUSEPORT_CBPF, 4.5+); with one socket no steering is needed.
#include <QHostAddress>
#include <QString>

#include <vector>

namespace spk::server {

class UplinkSocketGroup
{
public:
    UplinkSocketGroup() = default;
    ~UplinkSocketGroup();
    UplinkSocketGroup(const UplinkSocketGroup &) = delete;
    UplinkSocketGroup &operator=(const UplinkSocketGroup &) = delete;

    // Binds `count` non-blocking sockets to address:port (port 0: a free one, shared by all). When the
    // kernel refuses the steering program, falls back to a single socket and says so in *warning.
    // false + *error when the address is in use or invalid.
    bool open(const QHostAddress &address, quint16 port, int count, QString *error, QString *warning);
    void close();

    int count() const { return int(fds_.size()); }
    int fd(int index) const { return fds_.at(std::size_t(index)); }
    quint16 port() const { return port_; }
    // The shard that receives a given ssrc's datagrams.
    int shardOf(quint32 ssrc) const { return fds_.size() <= 1 ? 0 : int(ssrc % quint32(fds_.size())); }
    // The receive buffer the kernel granted each socket, in bytes.
    int receiveBufferBytes() const { return receiveBuffer_; }

private:
    bool openOne(const QHostAddress &address, quint16 port, bool reusePort, QString *error);
    bool attachSteering(QString *error);

    std::vector<int> fds_;
    quint16 port_ = 0;
    int receiveBuffer_ = 0;
};

} // namespace spk::server
