#pragma once
// Paho C 1.3.12 (Debian 12) cannot set TCP_NODELAY (the option came later upstream, paho.mqtt.c
// PR #1417), and without it every MQTT round trip on loopback gains ~40 ms (Nagle + delayed ACK, see
// DESIGN.md). Paho does not expose its sockets either, so after connections come up we sweep the
// process's TCP sockets (in spksim all of them are MQTT connections) and switch Nagle off there.
// Sweeps are coalesced, so a connect ramp of thousands costs a few sweeps per second.
#include <QObject>
#include <QTimer>

namespace spk::sim {

class TcpNoDelaySweeper : public QObject
{
    Q_OBJECT
public:
    explicit TcpNoDelaySweeper(QObject *parent = nullptr);
    // Asks for a sweep soon (at most one per coalescing window).
    void requestSweep();
    // Sets TCP_NODELAY on every TCP socket of this process that lacks it; returns how many were changed.
    static int sweepNow();

private:
    QTimer timer_;
};

} // namespace spk::sim
