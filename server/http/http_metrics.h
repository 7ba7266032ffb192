#pragma once
// The metrics the HTTP layer exports (docs/metrics.md).
#include "server/core/metrics.h"

namespace spk::server::http_metrics {

inline constexpr MetricDef kRequests{"spk_http_requests_total", MetricKind::Counter,
                                     "HTTP requests received"};

inline constexpr const MetricDef *kAll[] = {&kRequests};

} // namespace spk::server::http_metrics
