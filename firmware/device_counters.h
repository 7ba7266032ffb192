#pragma once
// What one device has seen and done; hosts sum these across a fleet.
#include <cstdint>

namespace spk::fw {

struct DeviceCounters
{
    uint64_t connects = 0;          // successful connections
    uint64_t connectionLosses = 0;  // disconnected() calls: lost links and failed attempts
    uint64_t messagesIn = 0;        // every messageReceived()
    uint64_t publishes = 0;         // Publish actions emitted
    uint64_t publishesDropped = 0;  // publish attempts while offline
    uint64_t statusesSent = 0;      //
    uint64_t acksSent = 0;          // config/ack and reboot/ack
    uint64_t configsApplied = 0;    //
    uint64_t duplicateRequests = 0; // request_id already handled: acked again, not re-applied
    uint64_t rejected = 0;          // valid JSON, invalid content (no ack)
    uint64_t malformed = 0;         // not JSON, or not an object
    uint64_t oversized = 0;         // > 64 KiB
    uint64_t unhandled = 0;         // topics nobody handles
    uint64_t ignoredWhileOffline = 0;
    uint64_t reboots = 0;
    uint64_t upgradesRequested = 0;

    DeviceCounters &operator+=(const DeviceCounters &o);
};

} // namespace spk::fw
