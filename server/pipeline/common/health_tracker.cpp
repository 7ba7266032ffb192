#include "server/pipeline/common/health_tracker.h"

namespace spk::server::pipeline {

void HealthTracker::reportFailure(const QString &reason)
{
    lastFailure_ = reason;
    unhealthyUntil_ = QDeadlineTimer(backoffMs_);
}

} // namespace spk::server::pipeline
