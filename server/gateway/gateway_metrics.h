#pragma once
// The metrics the gateway role exports (docs/metrics.md).
#include "server/core/metrics.h"

namespace spk::server::gateway_metrics {

inline constexpr MetricDef kLiveConnections{"spk_live_connections", MetricKind::Gauge,
                                            "Open live WebSocket connections"};
inline constexpr MetricDef kDevicesOnline{"spk_devices_online", MetricKind::Gauge,
                                          "Registered devices whose last status said online"};
inline constexpr MetricDef kDevicesRegistered{"spk_devices_registered", MetricKind::Gauge,
                                              "Devices in the registry"};
inline constexpr MetricDef kStatusReceived{"spk_status_received_total", MetricKind::Counter,
                                           "Status messages accepted"};
inline constexpr MetricDef kStatusRejected{"spk_status_rejected_total", MetricKind::Counter,
                                           "Status messages dropped, by reason", "reason"};
inline constexpr MetricDef kDeviceListCache{"spk_device_list_cache_total", MetricKind::Counter,
                                            "Device list lookups", "result"};
inline constexpr MetricDef kLogins{"spk_logins_total", MetricKind::Counter, "Login attempts", "result"};
inline constexpr MetricDef kLoginsLocked{"spk_login_locked_total", MetricKind::Counter,
                                         "Logins refused by lockout"};

inline constexpr const MetricDef *kAll[] = {&kLiveConnections, &kStatusReceived,   &kStatusRejected,
                                            &kDeviceListCache, &kLogins,           &kLoginsLocked,
                                            &kDevicesOnline,   &kDevicesRegistered};

} // namespace spk::server::gateway_metrics
