#pragma once
// Sessions started per minute, fed by the session list and then by live session_progress events.
#include <QDateTime>
#include <QHash>
#include <QVector>

namespace spk::console {

class SessionRate
{
public:
    // Counts a session once, however many times it is reported. False if already counted.
    bool addSession(qint64 sessionId, const QDateTime &startedAt);
    // Counts for the `minutes` whole minutes ending with the one containing `now`, oldest first.
    QVector<int> perMinute(const QDateTime &now, int minutes) const;
    // Forgets sessions older than `keep` before now (bounded memory over long runs).
    void prune(const QDateTime &now, qint64 keepSeconds = 24 * 3600);
    int size() const { return startById_.size(); }

private:
    QHash<qint64, qint64> startById_; // session id -> start, ms since epoch
};

} // namespace spk::console
