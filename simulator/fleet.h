#pragma once
// The simulated fleet: creates one SimDevice per id, connects them at a steady rate (the ramp), drives
// their clocks, and shuts them down cleanly. All devices live on the thread that owns the Fleet.
#include "simulator/fleet_snapshot.h"
#include "simulator/sim_options.h"
#include "simulator/tcp_nodelay_sweeper.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <memory>
#include <vector>

namespace spk::sim {

class SimDevice;

class Fleet : public QObject
{
    Q_OBJECT
public:
    explicit Fleet(SimOptions options, QObject *parent = nullptr);
    ~Fleet() override;

    // Creates the devices; false (with *error) when an option is unusable (e.g. a broker URI Paho rejects).
    bool create(QString *error);
    void start();
    // Graceful stop: every device says goodbye and disconnects; finished() follows (at most ~5 s).
    void stop();
    // Stop waiting for goodbyes (second Ctrl-C): finished() right away.
    void abort();

    FleetSnapshot snapshot() const;
    // Devices online when stop() began (the run's end state, before the goodbyes).
    int onlineAtStop() const { return m_onlineAtStop; }
    bool isStopping() const { return m_stopping; }

signals:
    void finished();

private:
    void rampStep();
    void tickAll();
    void drainBatteries();
    void onDeviceStopped();
    void finish();

    SimOptions m_options;
    std::vector<std::unique_ptr<SimDevice>> m_devices;
    size_t m_nextToStart = 0;
    double m_rampCredit = 0;
    qint64 m_lastRampMs = 0;
    QElapsedTimer m_clock;
    QTimer m_rampTimer;
    QTimer m_tickTimer;
    QTimer m_drainTimer;
    QTimer m_durationTimer;
    QTimer m_stopDeadline;
    TcpNoDelaySweeper m_noDelay;
    int m_stoppedDevices = 0;
    int m_onlineAtStop = 0;
    qint64 m_allConnectedAtMs = -1;
    qint64 m_stoppedAtMs = -1;
    bool m_stopping = false;
    bool m_finished = false;
};

} // namespace spk::sim
