// SessionStore on every backend: lifecycle, texts/timings/audio, transcripts, listing with filters and
// cursor, dialogue context, restart recovery.
#include "server/storage/device_store.h"
#include "server/storage/session_store.h"
#include "server/storage/user_store.h"
#include "tests/unit/storage/storage_test_db.h"

#include <QSet>
#include <QSqlQuery>
#include <QtTest>

using namespace spk::server;

namespace {
// The bridge replica that owns the sessions these tests create.
const QString kBridge = QStringLiteral("bridge-1");

// A user owning devices dev-a, dev-b and dev-c.
bool seedDevices(Database &db)
{
    qint64 owner = 0;
    if (UserStore(db).create(QStringLiteral("owner"), QStringLiteral("h"), QStringLiteral("user"), &owner) !=
        StoreResult::Ok)
        return false;
    DeviceStore devices(db);
    for (const char *id : {"dev-a", "dev-b", "dev-c"})
        if (devices.create(QLatin1String(id), QStringLiteral("x"), owner, QStringLiteral("s")) !=
            StoreResult::Ok)
            return false;
    return true;
}

// Tests need sessions at known times; the store always stamps "now".
bool setCreatedAt(Database &db, qint64 id, const QDateTime &at)
{
    QSqlQuery q(db.connection());
    q.prepare(QStringLiteral("UPDATE sessions SET created_at = ? WHERE id = ?"));
    q.addBindValue(at.toMSecsSinceEpoch());
    q.addBindValue(id);
    return q.exec() && q.numRowsAffected() == 1;
}

QList<qint64> idsOf(const QList<SessionRecord> &list)
{
    QList<qint64> ids;
    for (const auto &s : list)
        ids << s.id;
    return ids;
}

} // namespace

class TestSessionStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data() { spk::server::testing::addBackendRows(); }

    void createAndFind();
    void createConflictsAndUnknownDevice();
    void textsTimingsAudio();
    void finishOnceOnly();
    void transcripts();
    void listFiltersAndCursor();
    void listVisibility();
    void listTimeRange();
    void recentTurnsOldestFirst();
    void failActiveSessionsOnRestart();
};

void TestSessionStore::createAndFind()
{
    SPK_OPEN_TEST_DB(t, true);
    QVERIFY(seedDevices(*t->db));
    SessionStore sessions(*t->db);
    qint64 id1 = 0, id2 = 0;
    QCOMPARE(sessions.create(QStringLiteral("dev-a"), QStringLiteral("s001"), kBridge, &id1),
             StoreResult::Ok);
    QCOMPARE(sessions.create(QStringLiteral("dev-b"), QStringLiteral("s001"), kBridge, &id2),
             StoreResult::Ok);
    QVERIFY(id1 > 0);
    QVERIFY(id2 > id1);

    const auto s = sessions.find(id1);
    QVERIFY(s);
    QCOMPARE(s->deviceId, QStringLiteral("dev-a"));
    QCOMPARE(s->deviceSessionId, QStringLiteral("s001"));
    QCOMPARE(s->status, QStringLiteral("active"));
    QVERIFY(s->createdAt.isValid());
    QVERIFY(!s->endedAt.isValid());
    QCOMPARE(s->durationMs(), 0);
    QVERIFY(s->timings.isEmpty());
    QVERIFY(s->userQuery.isEmpty() && s->aiResponse.isEmpty());

    const auto byDevice = sessions.findByDeviceSession(QStringLiteral("dev-b"), QStringLiteral("s001"));
    QVERIFY(byDevice);
    QCOMPARE(byDevice->id, id2);
    QVERIFY(!sessions.findByDeviceSession(QStringLiteral("dev-c"), QStringLiteral("s001")));
    QVERIFY(!sessions.find(id2 + 100));
}

void TestSessionStore::createConflictsAndUnknownDevice()
{
    SPK_OPEN_TEST_DB(t, true);
    QVERIFY(seedDevices(*t->db));
    SessionStore sessions(*t->db);
    qint64 id = 0;
    QCOMPARE(sessions.create(QStringLiteral("dev-a"), QStringLiteral("s1"), kBridge, &id), StoreResult::Ok);
    qint64 untouched = -1;
    QCOMPARE(sessions.create(QStringLiteral("dev-a"), QStringLiteral("s1"), kBridge, &untouched),
             StoreResult::Conflict);
    QCOMPARE(untouched, -1);
    QCOMPARE(sessions.create(QStringLiteral("ghost"), QStringLiteral("s1"), kBridge, nullptr),
             StoreResult::NotFound);
    QCOMPARE(sessions.create(QStringLiteral("dev-a"), QString(), kBridge, nullptr), StoreResult::Error);
    qint64 next = 0;
    SessionFilter all;
    QCOMPARE(sessions.list(all, &next).size(), 1);
}

void TestSessionStore::textsTimingsAudio()
{
    SPK_OPEN_TEST_DB(t, true);
    QVERIFY(seedDevices(*t->db));
    SessionStore sessions(*t->db);
    qint64 id = 0;
    QCOMPARE(sessions.create(QStringLiteral("dev-a"), QStringLiteral("s1"), kBridge, &id), StoreResult::Ok);

    QCOMPARE(sessions.setTexts(id, QStringLiteral("what's the weather?"), QString()), StoreResult::Ok);
    QCOMPARE(sessions.setTexts(id, QString(), QStringLiteral("Sunny, 21 °C — 晴天")), StoreResult::Ok);
    auto s = sessions.find(id);
    QCOMPARE(s->userQuery, QStringLiteral("what's the weather?"));
    QCOMPARE(s->aiResponse, QStringLiteral("Sunny, 21 °C — 晴天"));
    QCOMPARE(sessions.setTexts(id, QStringLiteral(""), QString()), StoreResult::Ok); // empty is a value
    QVERIFY(sessions.find(id)->userQuery.isEmpty());

    QCOMPARE(sessions.setTiming(id, QStringLiteral("asr_final"), 420), StoreResult::Ok);
    QCOMPARE(sessions.setTiming(id, QStringLiteral("first_audio"), 910), StoreResult::Ok);
    QCOMPARE(sessions.setTiming(id, QStringLiteral("asr_final"), 430), StoreResult::Ok);
    s = sessions.find(id);
    QCOMPARE(s->timings, (QJsonObject{{"asr_final", 430}, {"first_audio", 910}}));
    QCOMPARE(sessions.setTiming(id, QString(), 1), StoreResult::Error);

    QCOMPARE(sessions.setAudioPath(id, QStringLiteral("user"), QStringLiteral("/audio/1-user.ogg")),
             StoreResult::Ok);
    QCOMPARE(sessions.setAudioPath(id, QStringLiteral("assistant"), QStringLiteral("/audio/1-assistant.ogg")),
             StoreResult::Ok);
    QCOMPARE(sessions.setAudioPath(id, QStringLiteral("both"), QStringLiteral("/x")), StoreResult::Error);
    s = sessions.find(id);
    QCOMPARE(s->userAudioPath, QStringLiteral("/audio/1-user.ogg"));
    QCOMPARE(s->assistantAudioPath, QStringLiteral("/audio/1-assistant.ogg"));

    const qint64 missing = id + 1000;
    QCOMPARE(sessions.setTexts(missing, QStringLiteral("a"), QStringLiteral("b")), StoreResult::NotFound);
    QCOMPARE(sessions.setTiming(missing, QStringLiteral("x"), 1), StoreResult::NotFound);
    QCOMPARE(sessions.setAudioPath(missing, QStringLiteral("user"), QStringLiteral("/x")),
             StoreResult::NotFound);
}

void TestSessionStore::finishOnceOnly()
{
    SPK_OPEN_TEST_DB(t, true);
    QVERIFY(seedDevices(*t->db));
    SessionStore sessions(*t->db);
    qint64 ok = 0, bad = 0;
    QCOMPARE(sessions.create(QStringLiteral("dev-a"), QStringLiteral("s1"), kBridge, &ok), StoreResult::Ok);
    QCOMPARE(sessions.create(QStringLiteral("dev-a"), QStringLiteral("s2"), kBridge, &bad), StoreResult::Ok);

    QCOMPARE(sessions.finish(ok, QStringLiteral("active")), StoreResult::Error);
    QCOMPARE(sessions.finish(ok, QStringLiteral("completed")), StoreResult::Ok);
    QCOMPARE(sessions.finish(ok, QStringLiteral("failed"), QStringLiteral("timeout")), StoreResult::Conflict);
    auto s = sessions.find(ok);
    QCOMPARE(s->status, QStringLiteral("completed"));
    QVERIFY(s->endedAt.isValid());
    QVERIFY(s->endedAt >= s->createdAt);
    QCOMPARE(s->durationMs(), s->createdAt.msecsTo(s->endedAt));
    QVERIFY(s->failureReason.isEmpty());

    QCOMPARE(sessions.finish(bad, QStringLiteral("failed"), QStringLiteral("no_audio")), StoreResult::Ok);
    s = sessions.find(bad);
    QCOMPARE(s->status, QStringLiteral("failed"));
    QCOMPARE(s->failureReason, QStringLiteral("no_audio"));
    QCOMPARE(sessions.finish(bad + 1000, QStringLiteral("completed")), StoreResult::NotFound);
}

void TestSessionStore::transcripts()
{
    SPK_OPEN_TEST_DB(t, true);
    QVERIFY(seedDevices(*t->db));
    SessionStore sessions(*t->db);
    qint64 id = 0, other = 0;
    QCOMPARE(sessions.create(QStringLiteral("dev-a"), QStringLiteral("s1"), kBridge, &id), StoreResult::Ok);
    QCOMPARE(sessions.create(QStringLiteral("dev-b"), QStringLiteral("s1"), kBridge, &other),
             StoreResult::Ok);
    QVERIFY(sessions.transcripts(id).isEmpty());
    QCOMPARE(sessions.addTranscript(id, QStringLiteral("turn"), false), StoreResult::Ok);
    QCOMPARE(sessions.addTranscript(other, QStringLiteral("elsewhere"), true), StoreResult::Ok);
    QCOMPARE(sessions.addTranscript(id, QStringLiteral("turn on the"), false), StoreResult::Ok);
    QCOMPARE(sessions.addTranscript(id, QStringLiteral("turn on the light"), true), StoreResult::Ok);
    QCOMPARE(sessions.addTranscript(other + 1000, QStringLiteral("x"), true), StoreResult::NotFound);

    const auto list = sessions.transcripts(id);
    QCOMPARE(list.size(), 3);
    QCOMPARE(list[0].text, QStringLiteral("turn"));
    QVERIFY(!list[0].isFinal);
    QCOMPARE(list[2].text, QStringLiteral("turn on the light"));
    QVERIFY(list[2].isFinal);
    QCOMPARE(list[2].sessionId, id);
    QVERIFY(list[2].at.isValid());
    QCOMPARE(sessions.transcripts(other).size(), 1);
}

void TestSessionStore::listFiltersAndCursor()
{
    SPK_OPEN_TEST_DB(t, true);
    QVERIFY(seedDevices(*t->db));
    SessionStore sessions(*t->db);
    QList<qint64> ids; // creation order
    for (int i = 0; i < 7; ++i) {
        qint64 id = 0;
        const QString device = i % 2 ? QStringLiteral("dev-b") : QStringLiteral("dev-a");
        QCOMPARE(sessions.create(device, QStringLiteral("s%1").arg(i), kBridge, &id), StoreResult::Ok);
        ids << id;
    }
    QCOMPARE(sessions.finish(ids[0], QStringLiteral("completed")), StoreResult::Ok);
    QCOMPARE(sessions.finish(ids[2], QStringLiteral("failed")), StoreResult::Ok);
    QCOMPARE(sessions.finish(ids[3], QStringLiteral("completed")), StoreResult::Ok);

    // Pages of 3, newest first, every session exactly once.
    SessionFilter f;
    f.limit = 3;
    QList<qint64> seen;
    qint64 next = -1;
    int pages = 0;
    do {
        const auto page = sessions.list(f, &next);
        QVERIFY(page.size() <= 3);
        seen += idsOf(page);
        f.before = next;
        ++pages;
    } while (next != 0 && pages < 10);
    QCOMPARE(pages, 3);
    QList<qint64> expected = ids;
    std::reverse(expected.begin(), expected.end());
    QCOMPARE(seen, expected);

    // An exact fit has no next page.
    f = SessionFilter();
    f.limit = 7;
    QCOMPARE(sessions.list(f, &next).size(), 7);
    QCOMPARE(next, 0);

    f = SessionFilter();
    f.deviceId = QStringLiteral("dev-a");
    QCOMPARE(idsOf(sessions.list(f, &next)), (QList<qint64>{ids[6], ids[4], ids[2], ids[0]}));
    f.status = QStringLiteral("completed");
    QCOMPARE(idsOf(sessions.list(f, &next)), (QList<qint64>{ids[0]}));
    f = SessionFilter();
    f.status = QStringLiteral("active");
    QCOMPARE(idsOf(sessions.list(f, &next)), (QList<qint64>{ids[6], ids[5], ids[4], ids[1]}));
    f.status = QStringLiteral("bogus");
    QVERIFY(sessions.list(f, &next).isEmpty());

    // Limits are clamped to 1–500.
    f = SessionFilter();
    f.limit = 0;
    QCOMPARE(sessions.list(f, &next).size(), 1);
    QCOMPARE(next, ids[6]);
    f.limit = 100000;
    QCOMPARE(sessions.list(f, nullptr).size(), 7);
}

void TestSessionStore::listVisibility()
{
    SPK_OPEN_TEST_DB(t, true);
    QVERIFY(seedDevices(*t->db));
    SessionStore sessions(*t->db);
    qint64 a = 0, b = 0, c = 0;
    QCOMPARE(sessions.create(QStringLiteral("dev-a"), QStringLiteral("s"), kBridge, &a), StoreResult::Ok);
    QCOMPARE(sessions.create(QStringLiteral("dev-b"), QStringLiteral("s"), kBridge, &b), StoreResult::Ok);
    QCOMPARE(sessions.create(QStringLiteral("dev-c"), QStringLiteral("s"), kBridge, &c), StoreResult::Ok);
    qint64 next = 0;
    SessionFilter f;
    f.restrictToDevices = true;
    QVERIFY(sessions.list(f, &next).isEmpty()); // may see no device: sees nothing
    f.deviceIds = QStringList{QStringLiteral("dev-a"), QStringLiteral("dev-c")};
    QCOMPARE(idsOf(sessions.list(f, &next)), (QList<qint64>{c, a}));
    f.deviceId = QStringLiteral("dev-b"); // asking for an invisible device gives nothing
    QVERIFY(sessions.list(f, &next).isEmpty());
    f.deviceId = QStringLiteral("dev-c");
    QCOMPARE(idsOf(sessions.list(f, &next)), (QList<qint64>{c}));
    f = SessionFilter(); // no restriction (admin)
    QCOMPARE(idsOf(sessions.list(f, &next)), (QList<qint64>{c, b, a}));
}

void TestSessionStore::listTimeRange()
{
    SPK_OPEN_TEST_DB(t, true);
    QVERIFY(seedDevices(*t->db));
    SessionStore sessions(*t->db);
    const QDateTime base = QDateTime::fromMSecsSinceEpoch(1700000000000, Qt::UTC);
    QList<qint64> ids;
    for (int i = 0; i < 4; ++i) {
        qint64 id = 0;
        QCOMPARE(sessions.create(QStringLiteral("dev-a"), QStringLiteral("s%1").arg(i), kBridge, &id),
                 StoreResult::Ok);
        QVERIFY(setCreatedAt(*t->db, id, base.addSecs(3600 * i)));
        ids << id;
    }
    QCOMPARE(sessions.find(ids[2])->createdAt, base.addSecs(7200));
    qint64 next = 0;
    SessionFilter f;
    f.from = base.addSecs(3600);
    QCOMPARE(idsOf(sessions.list(f, &next)), (QList<qint64>{ids[3], ids[2], ids[1]}));
    f.to = base.addSecs(7200); // inclusive
    QCOMPARE(idsOf(sessions.list(f, &next)), (QList<qint64>{ids[2], ids[1]}));
    f.from = QDateTime();
    QCOMPARE(idsOf(sessions.list(f, &next)), (QList<qint64>{ids[2], ids[1], ids[0]}));
    f.from = base.addSecs(9000);
    QVERIFY(sessions.list(f, &next).isEmpty()); // from after to
}

void TestSessionStore::recentTurnsOldestFirst()
{
    SPK_OPEN_TEST_DB(t, true);
    QVERIFY(seedDevices(*t->db));
    SessionStore sessions(*t->db);
    QList<qint64> ids;
    for (int i = 0; i < 5; ++i) {
        qint64 id = 0;
        QCOMPARE(sessions.create(QStringLiteral("dev-a"), QStringLiteral("s%1").arg(i), kBridge, &id),
                 StoreResult::Ok);
        QCOMPARE(sessions.setTexts(id, QStringLiteral("q%1").arg(i), QStringLiteral("r%1").arg(i)),
                 StoreResult::Ok);
        ids << id;
    }
    qint64 otherDevice = 0;
    QCOMPARE(sessions.create(QStringLiteral("dev-b"), QStringLiteral("x"), kBridge, &otherDevice),
             StoreResult::Ok);
    QCOMPARE(sessions.finish(otherDevice, QStringLiteral("completed")), StoreResult::Ok);
    for (int i : {0, 1, 3, 4})
        QCOMPARE(sessions.finish(ids[i], QStringLiteral("completed")), StoreResult::Ok);
    QCOMPARE(sessions.finish(ids[2], QStringLiteral("failed")), StoreResult::Ok);

    const auto turns = sessions.recentTurns(QStringLiteral("dev-a"), 3);
    QCOMPARE(idsOf(turns), (QList<qint64>{ids[1], ids[3], ids[4]}));
    QCOMPARE(turns[0].userQuery, QStringLiteral("q1"));
    QCOMPARE(turns[2].aiResponse, QStringLiteral("r4"));
    QCOMPARE(sessions.recentTurns(QStringLiteral("dev-a"), 100).size(), 4);
    QVERIFY(sessions.recentTurns(QStringLiteral("dev-a"), 0).isEmpty());
    QVERIFY(sessions.recentTurns(QStringLiteral("dev-c"), 3).isEmpty());
}

void TestSessionStore::failActiveSessionsOnRestart()
{
    SPK_OPEN_TEST_DB(t, true);
    QVERIFY(seedDevices(*t->db));
    qint64 done = 0, open1 = 0, open2 = 0, otherBridge = 0;
    {
        SessionStore sessions(*t->db);
        QCOMPARE(sessions.create(QStringLiteral("dev-a"), QStringLiteral("s1"), kBridge, &done),
                 StoreResult::Ok);
        QCOMPARE(sessions.create(QStringLiteral("dev-a"), QStringLiteral("s2"), kBridge, &open1),
                 StoreResult::Ok);
        QCOMPARE(sessions.create(QStringLiteral("dev-b"), QStringLiteral("s1"), kBridge, &open2),
                 StoreResult::Ok);
        QCOMPARE(sessions.create(QStringLiteral("dev-b"), QStringLiteral("s2"), QStringLiteral("bridge-2"),
                                 &otherBridge),
                 StoreResult::Ok);
        QCOMPARE(sessions.finish(done, QStringLiteral("completed")), StoreResult::Ok);
    }
    QString error;
    QVERIFY2(t->reopen(&error), qPrintable(error)); // "the restart" of bridge-1
    SessionStore sessions(*t->db);
    QCOMPARE(sessions.failActiveSessions(kBridge, QStringLiteral("server_restart")), 2);
    QCOMPARE(sessions.find(done)->status, QStringLiteral("completed"));
    for (qint64 id : {open1, open2}) {
        const auto s = sessions.find(id);
        QCOMPARE(s->status, QStringLiteral("failed"));
        QCOMPARE(s->failureReason, QStringLiteral("server_restart"));
        QVERIFY(s->endedAt.isValid());
    }
    // Another replica's live session is not this bridge's to end...
    QCOMPARE(sessions.find(otherBridge)->status, QStringLiteral("active"));
    QCOMPARE(sessions.failActiveSessions(kBridge, QStringLiteral("server_restart")), 0);
    // ...until that replica is declared lost.
    QCOMPARE(sessions.failActiveSessions(QStringLiteral("bridge-2"), QStringLiteral("bridge_lost")), 1);
    QCOMPARE(sessions.find(otherBridge)->failureReason, QStringLiteral("bridge_lost"));
}

QTEST_GUILESS_MAIN(TestSessionStore)
#include "tst_session_store.moc"
