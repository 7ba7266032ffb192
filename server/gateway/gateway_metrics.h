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

inline constexpr MetricDef kLoginBusy{"spk_login_busy_total", MetricKind::Counter,
                                      "Password checks refused because the check queue was full"};
inline constexpr MetricDef kPasswordChecksInFlight{"spk_password_checks_in_flight", MetricKind::Gauge,
                                                   "Password checks running now"};
inline constexpr MetricDef kPasswordChecksQueued{"spk_password_checks_queued", MetricKind::Gauge,
                                                 "Password checks waiting for their turn"};
inline constexpr MetricDef kLiveRefused{"spk_live_refused_total", MetricKind::Counter,
                                        "Live WebSocket connections refused by a cap, by cap", "cap"};
inline constexpr MetricDef kLiveClosedByAccountChange{
    "spk_live_closed_account_change_total", MetricKind::Counter,
    "Live WebSocket connections closed because their user was removed or changed"};

inline constexpr const MetricDef *kAll[] = {&kLiveConnections,
                                            &kStatusReceived,
                                            &kStatusRejected,
                                            &kDeviceListCache,
                                            &kLogins,
                                            &kLoginsLocked,
                                            &kDevicesOnline,
                                            &kDevicesRegistered,
                                            &kLoginBusy,
                                            &kPasswordChecksInFlight,
                                            &kPasswordChecksQueued,
                                            &kLiveRefused,
                                            &kLiveClosedByAccountChange};

} // namespace spk::server::gateway_metrics
