#include "server/devices/recording_janitor.h"

#include "server/core/logging.h"
#include "server/core/metrics.h"
#include "server/devices/devices_metrics.h"
#include "server/storage/recording_store.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>

namespace spk::server {
namespace {
constexpr int kBatch = 500; // sessions per query
// A file this young may belong to a session whose row another replica is still writing.
constexpr qint64 kOrphanGraceSeconds = 3600;
} // namespace

std::optional<QStringList> deviceRecordings(Database &db, const QString &deviceId)
{
    return RecordingStore(db).pathsOfDevice(deviceId);
}

void removeRecordingFiles(const QStringList &paths, Metrics &metrics, const QString &reason)
{
    int removed = 0;
    for (const QString &path : paths) {
        if (QFile::remove(path) || !QFileInfo::exists(path))
            ++removed;
        else
            qCWarning(lcBridge) << "cannot remove the recording" << path;
    }
    if (removed)
        metrics.counter(devices_metrics::kRecordingsRemoved, reason).inc(removed);
}

RecordingJanitor::RecordingJanitor(Database &db, QString audioDir, int retentionDays, Metrics &metrics,
                                   QObject *parent)
    : QObject(parent), db_(db), audioDir_(std::move(audioDir)), retentionDays_(retentionDays),
      metrics_(metrics)
{
    connect(&timer_, &QTimer::timeout, this, [this] { sweep(QDateTime::currentDateTimeUtc()); });
}

void RecordingJanitor::start(int sweepIntervalMs)
{
    // The first sweep right after start-up, off the start-up path.
    QTimer::singleShot(0, this, [this] { sweep(QDateTime::currentDateTimeUtc()); });
    timer_.start(sweepIntervalMs);
}

RecordingJanitor::Outcome RecordingJanitor::sweep(const QDateTime &now)
{
    Outcome outcome;
    outcome.ok = sweepExpired(now, &outcome) && sweepOrphans(now, &outcome);
    if (!outcome.ok)
        qCWarning(lcBridge) << "recording sweep stopped: the database is unavailable; next try in a day";
    else if (outcome.expired || outcome.orphaned)
        qCInfo(lcBridge) << "recording sweep removed" << outcome.expired << "files past retention and"
                         << outcome.orphaned << "of deleted sessions";
    return outcome;
}

bool RecordingJanitor::sweepExpired(const QDateTime &now, Outcome *outcome)
{
    if (retentionDays_ <= 0)
        return true;
    RecordingStore store(db_);
    const QDateTime cutoff = now.addDays(-retentionDays_);
    for (;;) {
        const auto batch = store.recordedBefore(cutoff, kBatch);
        if (!batch)
            return false;
        QStringList paths;
        QList<qint64> ids;
        for (const RecordingPaths &r : *batch) {
            paths << r.paths;
            ids << r.sessionId;
        }
        // Forgotten first: a session never names a file that is gone.
        if (!store.clearPaths(ids))
            return false;
        removeRecordingFiles(paths, metrics_, QStringLiteral("retention"));
        outcome->expired += int(paths.size());
        if (batch->size() < kBatch)
            return true;
    }
}

bool RecordingJanitor::sweepOrphans(const QDateTime &now, Outcome *outcome)
{
    // <session id>-user.ogg and <session id>-assistant.ogg (session_recorder.h).
    QHash<qint64, QStringList> filesOf;
    const QFileInfoList files = QDir(audioDir_).entryInfoList({QStringLiteral("*.ogg")}, QDir::Files);
    for (const QFileInfo &f : files) {
        if (f.lastModified().secsTo(now) < kOrphanGraceSeconds)
            continue;
        bool ok = false;
        const qint64 id = f.fileName().section(QLatin1Char('-'), 0, 0).toLongLong(&ok);
        if (ok && id > 0)
            filesOf[id] << f.absoluteFilePath();
    }
    RecordingStore store(db_);
    const QList<qint64> ids = filesOf.keys();
    for (qsizetype i = 0; i < ids.size(); i += kBatch) {
        const QList<qint64> chunk = ids.mid(i, kBatch);
        const auto existing = store.existingSessions(chunk);
        if (!existing)
            return false;
        QStringList paths;
        for (const qint64 id : chunk)
            if (!existing->contains(id))
                paths << filesOf.value(id);
        removeRecordingFiles(paths, metrics_, QStringLiteral("orphan"));
        outcome->orphaned += int(paths.size());
    }
    return true;
}

} // namespace spk::server
