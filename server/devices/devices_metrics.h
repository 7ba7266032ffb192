#pragma once
// The metrics of the device use cases (docs/metrics.md).
#include "server/core/metrics.h"

namespace spk::server::devices_metrics {

inline constexpr MetricDef kCommandTimeouts{"spk_device_command_timeouts_total", MetricKind::Counter,
                                            "Device commands not acknowledged in time"};
inline constexpr MetricDef kMqttRejected{"spk_mqtt_rejected_total", MetricKind::Counter,
                                         "Malformed MQTT payloads dropped", "topic"};

inline constexpr const MetricDef *kAll[] = {&kCommandTimeouts, &kMqttRejected};

} // namespace spk::server::devices_metrics
