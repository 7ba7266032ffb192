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
    const UdpSendCounters &counters() const { return m_counters; }
    int pending() const { return int(m_queue.size()); }

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

    NetworkImpairment m_impairment;
    QUdpSocket m_socket;
    std::mt19937 m_rng;
    QElapsedTimer m_clock;
    std::multimap<qint64, Datagram> m_queue; // by due time; equal times keep their send order
    QTimer m_timer;
    QHash<QString, QHostAddress> m_addresses;
    UdpSendCounters m_counters;
};

} // namespace spk::sim
