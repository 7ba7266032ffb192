#pragma once
// Which session recordings exist, for removing them: those of a device being deleted, those past
// recording.retention_days, and files whose session is gone. Every query returns nullopt on a
// database error, so a failed lookup never reads as "nothing is recorded" (and nothing is removed).
#include <QDateTime>
#include <QList>
#include <QSet>
#include <QStringList>
#include <optional>

namespace spk::server {
class Database;

struct RecordingPaths
{
    qint64 sessionId = 0;
    QStringList paths; // the non-empty user and assistant audio paths
};

class RecordingStore
{
public:
    explicit RecordingStore(Database &db) : db_(db) {}

    // The recordings of every session of the device.
    std::optional<QStringList> pathsOfDevice(const QString &deviceId);
    // Up to limit sessions created before cutoff that still name a recording, oldest first.
    std::optional<QList<RecordingPaths>> recordedBefore(const QDateTime &cutoff, int limit);
    // Forgets the recordings of these sessions (their audio then answers 404 "not recorded").
    bool clearPaths(const QList<qint64> &sessionIds);
    // Which of these session ids exist.
    std::optional<QSet<qint64>> existingSessions(const QList<qint64> &sessionIds);

private:
    Database &db_;
};

} // namespace spk::server
