#pragma once
// The metrics the HTTP layer exports (docs/metrics.md).
#include "server/core/metrics.h"

namespace spk::server::http_metrics {

// Counted when answered. route = the registered pattern ("/api/devices/{id}"), "unmatched" for 404/405.
inline constexpr MetricDef kRequests{"spk_http_requests_total", MetricKind::Counter,
                                     "HTTP requests answered, by route pattern, method and status",
                                     "route,method,status"};
inline constexpr MetricDef kRequestSeconds{
    "spk_http_request_duration_seconds",
    MetricKind::Histogram,
    "HTTP request received to answered, by route pattern and method, seconds",
    "route,method",
    {0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}};

// Requests and connections the front refused or cut off before a route saw them (docs/configuration.md
// http.* limits); reason = HttpRefusals::name.
inline constexpr MetricDef kRefused{"spk_http_refused_total", MetricKind::Counter,
                                    "HTTP requests and connections refused or cut off by a limit, by reason",
                                    "reason"};
inline constexpr MetricDef kConnections{"spk_http_connections", MetricKind::Gauge,
                                        "Open TCP connections of the HTTP front, WebSockets included"};

inline constexpr const MetricDef *kAll[] = {&kRequests, &kRequestSeconds, &kRefused, &kConnections};

} // namespace spk::server::http_metrics
