#pragma once
// Removes session recordings nobody may listen to any more (docs/bridge.md, "Recordings"):
// - a deleted device's, at once (removeDeviceRecordings, called by the gateway before the delete);
// - in a sweep when the bridge starts and then every day: those of sessions older than
//   recording.retention_days (0 = keep them), and files in the audio dir whose session row is gone
//   (deleted with its device on a replica that could not reach this disk).
// A database error stops the sweep before anything is removed: it never reads as "no such session".
#include <QDateTime>
#include <QObject>
#include <QStringList>
#include <QTimer>

namespace spk::server {
class Database;
class Metrics;

// The paths of the device's recordings, to remove once its row is gone; nullopt on a database error.
std::optional<QStringList> deviceRecordings(Database &db, const QString &deviceId);
// Removes the files (missing ones count as removed) and counts them as reason.
void removeRecordingFiles(const QStringList &paths, Metrics &metrics, const QString &reason);

class RecordingJanitor : public QObject
{
    Q_OBJECT
public:
    RecordingJanitor(Database &db, QString audioDir, int retentionDays, Metrics &metrics,
                     QObject *parent = nullptr);

    // Sweeps now and then every sweepIntervalMs (a day by default).
    void start(int sweepIntervalMs = 24 * 3600 * 1000);

    struct Outcome
    {
        bool ok = true;                // false: the database failed, the sweep stopped
        int expired = 0, orphaned = 0; // files removed
    };
    Outcome sweep(const QDateTime &now);

private:
    bool sweepExpired(const QDateTime &now, Outcome *outcome);
    bool sweepOrphans(const QDateTime &now, Outcome *outcome);

    Database &db_;
    QString audioDir_;
    int retentionDays_;
    Metrics &metrics_;
    QTimer timer_;
};

} // namespace spk::server
