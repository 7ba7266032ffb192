#include "server/pipeline/common/health_tracker.h"

namespace spk::server::pipeline {

void HealthTracker::reportFailure(const QString &reason)
{
    m_lastFailure = reason;
    m_unhealthyUntil = QDeadlineTimer(m_backoffMs);
}

} // namespace spk::server::pipeline
