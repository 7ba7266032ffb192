#pragma once
// The metrics of the device use cases (docs/metrics.md).
#include "server/core/metrics.h"

namespace spk::server::devices_metrics {

inline constexpr MetricDef kCommandTimeouts{"spk_device_command_timeouts_total", MetricKind::Counter,
                                            "Device commands not acknowledged in time"};
inline constexpr MetricDef kMqttRejected{"spk_mqtt_rejected_total", MetricKind::Counter,
                                         "Malformed MQTT payloads dropped", "topic"};
// Publish to the ack consumed (on this gateway or, with replicas, another one that re-announced it).
inline constexpr MetricDef kCommandAckSeconds{
    "spk_device_command_ack_seconds",
    MetricKind::Histogram,
    "Device command published to its ack, by command, seconds",
    "command",
    {0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10}};

inline constexpr MetricDef kBrokerCredentialWrites{"spk_broker_credential_writes_total", MetricKind::Counter,
                                                   "Rewrites of the broker credentials file", "result"};
inline constexpr MetricDef kBrokerDeviceAccounts{"spk_broker_device_accounts", MetricKind::Gauge,
                                                 "Devices in the broker credentials file at its last write"};

inline constexpr MetricDef kRecordingsRemoved{"spk_recordings_removed_total", MetricKind::Counter,
                                              "Session recording files removed, by reason", "reason"};

inline constexpr const MetricDef *kAll[] = {&kCommandTimeouts,      &kMqttRejected,
                                            &kCommandAckSeconds,    &kBrokerCredentialWrites,
                                            &kBrokerDeviceAccounts, &kRecordingsRemoved};

} // namespace spk::server::devices_metrics
