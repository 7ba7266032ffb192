#pragma once
// The fleet's numbers at one moment, and how they are shown: the live line and the final summary.
#include "firmware/device_counters.h"
#include "simulator/sim_device.h"

#include <QJsonObject>
#include <QString>

namespace spk::sim {

struct LatencySummary
{
    int samples = 0;
    qint64 p50Ms = 0;
    qint64 p95Ms = 0;
    qint64 p99Ms = 0;
    qint64 maxMs = 0;
};
// Nearest-rank percentiles of the samples (sorted in place).
LatencySummary summarizeLatencies(std::vector<qint64> &samples);

struct FleetSnapshot
{
    QString brokerUri;
    qint64 elapsedMs = 0;
    int devices = 0;
    int started = 0; // connect attempted at least once (the ramp's progress)
    int connectedNow = 0;
    int everConnected = 0;
    qint64 allConnectedAtMs = -1; // when every device was first online at once; -1: never
    LatencySummary firstConnect;  // connect() to CONNACK of each device's first connection
    fw::DeviceCounters core;      // protocol side, summed over devices
    HostCounters host;            // MQTT client side, summed over devices
};

// "[  12s] online 950/1000  ramp 1000/1000  in 1234  out 5678  acks 12  reconnects 0  errors 0"
QString progressLine(const FleetSnapshot &s);
// Human summary (a small table) and the same numbers as JSON; onlineAtStop is the count before shutdown.
QString summaryTable(const FleetSnapshot &s, int onlineAtStop);
QJsonObject summaryJson(const FleetSnapshot &s, int onlineAtStop);

} // namespace spk::sim
