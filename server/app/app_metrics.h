#pragma once
// The metrics every spkd process exports whatever its role (docs/metrics.md).
#include "server/core/metrics.h"

namespace spk::server::app_metrics {

inline constexpr MetricDef kDependencyUp{"spk_dependency_up", MetricKind::Gauge,
                                         "1 when the dependency answered the last probe, else 0",
                                         "dependency"};

// What /readyz answers, for alerts: the database and the broker both reachable.
inline constexpr MetricDef kReady{"spk_ready", MetricKind::Gauge,
                                  "1 when this replica is ready (database and broker reachable), else 0"};

inline constexpr const MetricDef *kAll[] = {&kDependencyUp, &kReady};

} // namespace spk::server::app_metrics
