#pragma once
// How a DeviceCore is set up, and what the host needs to open its MQTT session.
#include "firmware/device_config.h"
#include "firmware/reconnect_backoff.h"

#include <cstdint>
#include <string>

namespace spk::fw {

// TLS for the MQTT link (protocol.md §3 allows mqtts://, e.g. Mosquitto's 8883 listener). The core does
// no I/O: it only carries the wish to the host, whose TLS stack verifies the broker's certificate against
// these trust anchors (always with peer and host name verification; there is no switch to turn that off).
struct TlsSettings
{
    bool enabled = false; // connect with TLS
    std::string caFile;   // PEM file of the CA(s) to trust, for hosts with a file system (spksim: --ca)
    std::string caPem;    // the same as text, for hosts without one (a CA baked into the firmware image)
    // Neither caFile nor caPem: the host's own trust store (its system CAs).
    bool hasCustomCa() const { return !caFile.empty() || !caPem.empty(); }
};

struct DeviceOptions
{
    std::string deviceId; // 1–64 chars of [A-Za-z0-9_-]; also the MQTT client id and username
    std::string secret;   // from POST /api/devices: the MQTT password (protocol.md §7); empty = none
    std::string firmwareVersion = "1.0.0";
    uint32_t statusIntervalMs = 30000; // heartbeat cadence on device/{id}/status
    uint32_t rebootDowntimeMs = 2000;  // how long a requested reboot keeps the device off the network
    uint16_t keepAliveSeconds = 60;
    BackoffPolicy backoff;                                    // 1 s doubling to a 30 s cap
    uint32_t randomSeed = 0;                                  // jitter seed; 0 derives one from deviceId
    DeviceConfig initialConfig = spk::wire::deviceDefaults(); // keys left unset run their default
    TlsSettings tls;                                          // MQTT over TLS, handed to the host
    int battery = 100;                                        // %
    double temperature = 35.0;                                // °C
};

// Returns an empty string when the options are usable, else what is wrong with them.
std::string validateDeviceOptions(const DeviceOptions &options);

// The MQTT will the host registers at connect: the broker publishes it if the device vanishes.
struct LastWill
{
    std::string topic;
    std::string payload;
    int qos = 1;
    bool retain = true;
};

// Everything the host's MQTT client needs for CONNECT (protocol.md §3).
struct ConnectSettings
{
    std::string clientId;      // = device id
    std::string username;      // = device id (protocol.md §7)
    std::string password;      // the device secret; empty = connect without credentials
    bool cleanSession = false; // keep subscriptions and QoS 1 messages across reconnects
    uint16_t keepAliveSeconds = 60;
    LastWill will;
    TlsSettings tls; // = DeviceOptions::tls
};

} // namespace spk::fw
