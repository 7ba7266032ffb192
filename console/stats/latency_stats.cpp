#include "console/stats/latency_stats.h"

#include <algorithm>
#include <cmath>

namespace spk::console {

bool LatencyStats::addSession(const spk::client::Session &session)
{
    if (session.timings.isEmpty())
        return false;
    timingsBySession_.insert(session.id, session.timings);
    return true;
}

qint64 LatencyStats::percentile(const QVector<qint64> &sortedValues, double p)
{
    if (sortedValues.isEmpty())
        return 0;
    const double clamped = std::clamp(p, 0.0, 100.0);
    // Nearest rank: the smallest value with at least p % of the values at or below it.
    int rank = int(std::ceil(clamped / 100.0 * sortedValues.size()));
    rank = std::clamp(rank, 1, int(sortedValues.size()));
    return sortedValues.at(rank - 1);
}

QList<StagePercentiles> LatencyStats::percentiles() const
{
    QHash<QString, QVector<qint64>> byStage;
    for (const auto &timings : timingsBySession_) {
        for (const auto &t : timings) {
            if (t.second >= 0)
                byStage[t.first].append(t.second);
        }
    }
    QList<StagePercentiles> out;
    for (auto it = byStage.begin(); it != byStage.end(); ++it) {
        QVector<qint64> values = it.value();
        std::sort(values.begin(), values.end());
        out.append({it.key(), int(values.size()), percentile(values, 50), percentile(values, 90),
                    percentile(values, 99)});
    }
    std::sort(out.begin(), out.end(), [](const StagePercentiles &a, const StagePercentiles &b) {
        return a.p50 != b.p50 ? a.p50 < b.p50 : a.stage < b.stage;
    });
    return out;
}

} // namespace spk::console
