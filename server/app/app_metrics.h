#pragma once
// The metrics every spkd process exports whatever its role (docs/metrics.md).
#include "server/core/metrics.h"

namespace spk::server::app_metrics {

inline constexpr MetricDef kDependencyUp{"spk_dependency_up", MetricKind::Gauge,
                                         "1 when the dependency answered the last probe, else 0",
                                         "dependency"};

inline constexpr const MetricDef *kAll[] = {&kDependencyUp};

} // namespace spk::server::app_metrics
