#pragma once
// Latency percentiles per pipeline stage, from the sessions' stored timings (stage -> ms since wake).
#include "shared/client/models.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QVector>

namespace spk::console {

struct StagePercentiles
{
    QString stage;
    int samples = 0;
    qint64 p50 = 0, p90 = 0, p99 = 0;
};

class LatencyStats
{
public:
    // Adds (or replaces) one session's timings; sessions without timings are ignored: false.
    bool addSession(const spk::client::Session &session);
    void clear() { timingsBySession_.clear(); }
    int sessionCount() const { return timingsBySession_.size(); }
    bool contains(qint64 sessionId) const { return timingsBySession_.contains(sessionId); }

    // One entry per stage seen, in pipeline order (by median time since wake).
    QList<StagePercentiles> percentiles() const;

    // Nearest-rank percentile (p in 0..100) of ascending values; 0 for an empty list.
    static qint64 percentile(const QVector<qint64> &sortedValues, double p);

private:
    QHash<qint64, QList<QPair<QString, qint64>>> timingsBySession_;
};

} // namespace spk::console
