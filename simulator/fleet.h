#pragma once
// The simulated fleet: creates one SimDevice per id, connects them at a steady rate (the ramp), drives
// their clocks, and shuts them down cleanly. All devices live on the thread that owns the Fleet.
#include "simulator/fleet_snapshot.h"
#include "simulator/sim_options.h"
#include "simulator/tcp_nodelay_sweeper.h"
#include "simulator/tls_probe.h"

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
    int onlineAtStop() const { return onlineAtStop_; }
    bool isStopping() const { return stopping_; }

signals:
    void finished();

private:
    void rampStep();
    void tickAll();
    void drainBatteries();
    void onDeviceStopped();
    void onConnectFailed();
    void finish();

    SimOptions options_;
    std::vector<std::unique_ptr<SimDevice>> devices_;
    size_t nextToStart_ = 0;
    double rampCredit_ = 0;
    qint64 lastRampMs_ = 0;
    QElapsedTimer clock_;
    QTimer rampTimer_;
    QTimer tickTimer_;
    QTimer drainTimer_;
    QTimer durationTimer_;
    QTimer stopDeadline_;
    TcpNoDelaySweeper noDelay_;
    int stoppedDevices_ = 0;
    int onlineAtStop_ = 0;
    qint64 allConnectedAtMs_ = -1;
    qint64 stoppedAtMs_ = -1;
    bool stopping_ = false;
    bool finished_ = false;
    TlsProbe tlsProbe_;
    bool tlsProbed_ = false;
};

// After a failed connect to a TLS broker, diagnoses it once with a TlsProbe and prints what it found:
// "TLS to mqtts://…: certificate not trusted: …; pass --ca FILE …". Used by Fleet and VoiceRun.
void probeTlsOnce(const SimOptions &options, TlsProbe *probe, bool *probed);

} // namespace spk::sim
