// Recording removal on every backend: a deleted device's files, the retention sweep (rows kept, audio
// forgotten), files of sessions that no longer exist, and nothing removed when the database fails.
#include "server/core/metrics.h"
#include "server/devices/recording_janitor.h"
#include "server/storage/device_store.h"
#include "server/storage/session_store.h"
#include "server/storage/user_store.h"
#include "tests/unit/storage/storage_test_db.h"

#include <QDir>
#include <QFile>
#include <QSqlQuery>
#include <QtTest>

using namespace spk::server;

namespace {

bool seedDevice(Database &db, const QString &id)
{
    qint64 owner = 0;
    if (const auto u = UserStore(db).findByName(QStringLiteral("owner")))
        owner = u->id;
    else if (UserStore(db).create(QStringLiteral("owner"), QStringLiteral("h"), QStringLiteral("user"),
                                  &owner) != StoreResult::Ok)
        return false;
    return DeviceStore(db).create(id, QStringLiteral("x"), owner, QStringLiteral("s")) == StoreResult::Ok;
}

// A recorded session of the device, created at `at`, with both tracks on disk; returns its id (0 on error).
qint64 recordedSession(Database &db, const QString &audioDir, const QString &device, const QString &name,
                       const QDateTime &at)
{
    qint64 id = 0;
    SessionStore sessions(db);
    if (sessions.create(device, name, QStringLiteral("bridge-1"), &id) != StoreResult::Ok)
        return 0;
    for (const char *track : {"user", "assistant"}) {
        const QString path = QDir(audioDir).absoluteFilePath(QStringLiteral("%1-%2.ogg").arg(id).arg(track));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write("OggS") != 4)
            return 0;
        f.close();
        // Older than the sweep's grace for files without a row.
        if (!f.open(QIODevice::ReadWrite) || !f.setFileTime(at, QFileDevice::FileModificationTime))
            return 0;
        if (sessions.setAudioPath(id, QLatin1String(track), path) != StoreResult::Ok)
            return 0;
    }
    QSqlQuery q(db.connection());
    q.prepare(QStringLiteral("UPDATE sessions SET created_at = ? WHERE id = ?"));
    q.addBindValue(at.toMSecsSinceEpoch());
    q.addBindValue(id);
    return q.exec() && q.numRowsAffected() == 1 ? id : 0;
}

QString file(const QString &audioDir, qint64 id, const char *track)
{
    return QDir(audioDir).absoluteFilePath(QStringLiteral("%1-%2.ogg").arg(id).arg(track));
}

} // namespace

class TestRecordingJanitor : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data() { spk::server::testing::addBackendRows(); }

    void deviceDeletionRemovesItsRecordings()
    {
        SPK_OPEN_TEST_DB(t, true);
        const QString audio = t->dir.filePath(QStringLiteral("audio"));
        QVERIFY(QDir().mkpath(audio));
        QVERIFY(seedDevice(*t->db, QStringLiteral("dev-a")) && seedDevice(*t->db, QStringLiteral("dev-b")));
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const qint64 a = recordedSession(*t->db, audio, QStringLiteral("dev-a"), QStringLiteral("s1"), now);
        const qint64 b = recordedSession(*t->db, audio, QStringLiteral("dev-b"), QStringLiteral("s1"), now);
        QVERIFY(a && b);

        const auto paths = deviceRecordings(*t->db, QStringLiteral("dev-a"));
        QVERIFY(paths);
        QCOMPARE(paths->size(), 2);
        QCOMPARE(DeviceStore(*t->db).remove(QStringLiteral("dev-a")), StoreResult::Ok);
        Metrics metrics;
        removeRecordingFiles(*paths, metrics, QStringLiteral("device_deleted"));
        QVERIFY(!QFile::exists(file(audio, a, "user")) && !QFile::exists(file(audio, a, "assistant")));
        QVERIFY(QFile::exists(file(audio, b, "user")) && QFile::exists(file(audio, b, "assistant")));
        QVERIFY(metrics.render().contains("spk_recordings_removed_total{reason=\"device_deleted\"} 2"));
    }

    void sweepRemovesExpiredAndOrphans()
    {
        SPK_OPEN_TEST_DB(t, true);
        const QString audio = t->dir.filePath(QStringLiteral("audio"));
        QVERIFY(QDir().mkpath(audio));
        QVERIFY(seedDevice(*t->db, QStringLiteral("dev-a")));
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const qint64 old = recordedSession(*t->db, audio, QStringLiteral("dev-a"), QStringLiteral("s-old"),
                                           now.addDays(-31));
        const qint64 recent = recordedSession(*t->db, audio, QStringLiteral("dev-a"), QStringLiteral("s-new"),
                                              now.addDays(-29));
        QVERIFY(old && recent);
        // A file whose session is gone (deleted with its device where this disk was out of reach), one of
        // the same kind but too young to judge, and a file that is not a recording.
        auto stray = [&](const QString &name, const QDateTime &mtime) {
            QFile f(QDir(audio).absoluteFilePath(name));
            return f.open(QIODevice::WriteOnly) && f.write("x") == 1 && f.flush() &&
                   f.setFileTime(mtime, QFileDevice::FileModificationTime);
        };
        QVERIFY(stray(QStringLiteral("999999-user.ogg"), now.addDays(-2)));
        QVERIFY(stray(QStringLiteral("999998-user.ogg"), now));
        QVERIFY(stray(QStringLiteral("notes.txt"), now.addDays(-100)));

        Metrics metrics;
        RecordingJanitor janitor(*t->db, audio, 30, metrics);
        const auto outcome = janitor.sweep(now);
        QVERIFY(outcome.ok);
        QCOMPARE(outcome.expired, 2);
        QCOMPARE(outcome.orphaned, 1);
        QVERIFY(!QFile::exists(file(audio, old, "user")) && !QFile::exists(file(audio, old, "assistant")));
        QVERIFY(QFile::exists(file(audio, recent, "user")) &&
                QFile::exists(file(audio, recent, "assistant")));
        QVERIFY(!QFile::exists(QDir(audio).absoluteFilePath(QStringLiteral("999999-user.ogg"))));
        QVERIFY(QFile::exists(QDir(audio).absoluteFilePath(QStringLiteral("999998-user.ogg"))));
        QVERIFY(QFile::exists(QDir(audio).absoluteFilePath(QStringLiteral("notes.txt"))));
        // The expired session stays, without audio; the recent one keeps its paths.
        const auto expired = SessionStore(*t->db).find(old);
        QVERIFY(expired);
        QVERIFY(expired->userAudioPath.isEmpty() && expired->assistantAudioPath.isEmpty());
        QVERIFY(!SessionStore(*t->db).find(recent)->userAudioPath.isEmpty());
        QVERIFY(metrics.render().contains("spk_recordings_removed_total{reason=\"retention\"} 2"));
        QVERIFY(metrics.render().contains("spk_recordings_removed_total{reason=\"orphan\"} 1"));

        // Retention 0 keeps everything: only orphans go.
        RecordingJanitor keepAll(*t->db, audio, 0, metrics);
        const auto kept = keepAll.sweep(now.addDays(365));
        QVERIFY(kept.ok);
        QCOMPARE(kept.expired, 0);
        QVERIFY(QFile::exists(file(audio, recent, "user")));
    }

    void databaseFailureRemovesNothing()
    {
        SPK_OPEN_TEST_DB(t, true);
        const QString audio = t->dir.filePath(QStringLiteral("audio"));
        QVERIFY(QDir().mkpath(audio));
        QVERIFY(seedDevice(*t->db, QStringLiteral("dev-a")));
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const qint64 id =
            recordedSession(*t->db, audio, QStringLiteral("dev-a"), QStringLiteral("s1"), now.addDays(-2));
        QVERIFY(id);
        // The sessions table is gone: every lookup fails. An orphan check that read this as "no such
        // session" would remove every file.
        QVERIFY(QSqlQuery(t->db->connection())
                    .exec(QStringLiteral("ALTER TABLE sessions RENAME TO sessions_away")));
        Metrics metrics;
        RecordingJanitor janitor(*t->db, audio, 1, metrics);
        const auto outcome = janitor.sweep(now);
        QVERIFY(!outcome.ok);
        QVERIFY(QFile::exists(file(audio, id, "user")) && QFile::exists(file(audio, id, "assistant")));
        QVERIFY(!deviceRecordings(*t->db, QStringLiteral("dev-a")));
    }
};

QTEST_GUILESS_MAIN(TestRecordingJanitor)
#include "tst_recording_janitor.moc"
