#include "firmware/device_counters.h"

namespace spk::fw {

DeviceCounters &DeviceCounters::operator+=(const DeviceCounters &o)
{
    connects += o.connects;
    connectionLosses += o.connectionLosses;
    messagesIn += o.messagesIn;
    publishes += o.publishes;
    publishesDropped += o.publishesDropped;
    statusesSent += o.statusesSent;
    acksSent += o.acksSent;
    configsApplied += o.configsApplied;
    duplicateRequests += o.duplicateRequests;
    rejected += o.rejected;
    malformed += o.malformed;
    oversized += o.oversized;
    unhandled += o.unhandled;
    ignoredWhileOffline += o.ignoredWhileOffline;
    reboots += o.reboots;
    upgradesRequested += o.upgradesRequested;
    return *this;
}

} // namespace spk::fw
