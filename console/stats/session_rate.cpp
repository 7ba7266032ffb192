#include "console/stats/session_rate.h"

namespace spk::console {

namespace {
constexpr qint64 kMinuteMs = 60 * 1000;
}

bool SessionRate::addSession(qint64 sessionId, const QDateTime &startedAt)
{
    if (!startedAt.isValid() || startById_.contains(sessionId))
        return false;
    startById_.insert(sessionId, startedAt.toMSecsSinceEpoch());
    return true;
}

QVector<int> SessionRate::perMinute(const QDateTime &now, int minutes) const
{
    QVector<int> counts(qMax(0, minutes), 0);
    if (minutes <= 0)
        return counts;
    const qint64 lastMinuteStart = now.toMSecsSinceEpoch() / kMinuteMs * kMinuteMs;
    const qint64 firstMinuteStart = lastMinuteStart - (minutes - 1) * kMinuteMs;
    for (const qint64 start : startById_) {
        if (start < firstMinuteStart || start >= lastMinuteStart + kMinuteMs)
            continue;
        ++counts[int((start - firstMinuteStart) / kMinuteMs)];
    }
    return counts;
}

void SessionRate::prune(const QDateTime &now, qint64 keepSeconds)
{
    const qint64 cutoff = now.toMSecsSinceEpoch() - keepSeconds * 1000;
    for (auto it = startById_.begin(); it != startById_.end();) {
        if (it.value() < cutoff)
            it = startById_.erase(it);
        else
            ++it;
    }
}

} // namespace spk::console
