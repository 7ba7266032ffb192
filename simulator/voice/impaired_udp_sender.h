#pragma once
// The uplink of every simulated speaker: ONE shared QUdpSocket (one file descriptor for the whole fleet,
// the open-files limit holds a socket per speaker already), with the faults of NetworkImpairment injected
// on the sending side, so the bridge sees what a bad Wi-Fi would give it.
#include "simulator/voice/network_impairment.h"

#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QTimer>
#include <QUdpSocket>

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace spk::sim {

struct UdpSendCounters
{
    quint64 offered = 0;   // datagrams the speakers handed over
    quint64 sent = 0;      // written to the socket
    quint64 lost = 0;      // dropped on purpose (--loss)
    quint64 delayed = 0;   // held back by jitter or reordering
    quint64 reordered = 0; // held back extra on purpose (--reorder)
    quint64 errors = 0;    // unresolvable host or a socket error
};

class ImpairedUdpSender : public QObject
{
    Q_OBJECT
public:
    static constexpr int kReorderExtraMs = 40;

    explicit ImpairedUdpSender(const NetworkImpairment &impairment, QObject *parent = nullptr);
    // Binds the one socket to an ephemeral port. False with *error when the system refuses.
    bool open(QString *error);
    void send(const std::string &host, quint16 port, const std::vector<std::uint8_t> &bytes);
    const UdpSendCounters &counters() const { return counters_; }
    int pending() const { return int(queue_.size()); }

private:
    struct Datagram
    {
        QHostAddress address;
        quint16 port = 0;
        QByteArray bytes;
    };

    QHostAddress resolve(const std::string &host);
    void write(const Datagram &d);
    void flushDue();
    void armTimer();

    NetworkImpairment impairment_;
    QUdpSocket socket_;
    std::mt19937 rng_;
    QElapsedTimer clock_;
    std::multimap<qint64, Datagram> queue_; // by due time; equal times keep their send order
    QTimer timer_;
    QHash<QString, QHostAddress> addresses_;
    UdpSendCounters counters_;
};

} // namespace spk::sim
