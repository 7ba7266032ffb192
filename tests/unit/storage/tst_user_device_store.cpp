// UserStore and DeviceStore on every backend: CRUD, conflicts, status ingestion, desired config + acks.
#include "server/storage/device_store.h"
#include "server/storage/session_store.h"
#include "server/storage/user_store.h"
#include "tests/unit/storage/storage_test_db.h"

#include <QJsonObject>
#include <QtTest>

using namespace spk::server;
using spk::proto::DeviceStatus;
using spk::proto::readConfigValues;

namespace {
// The bridge replica that owns the sessions these tests create.
const QString kBridge = QStringLiteral("bridge-1");

qint64 addUser(Database &db, const QString &name, const QString &role = QStringLiteral("user"))
{
    qint64 id = 0;
    if (UserStore(db).create(name, QStringLiteral("hash-") + name, role, &id) != StoreResult::Ok)
        return 0;
    return id;
}

} // namespace

class TestUserDeviceStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data() { spk::server::testing::addBackendRows(); }

    void userCrud();
    void userConflictsAndBadInput();
    void userWithDevicesCannotBeRemoved();
    void deviceCrud();
    void deviceConflictsAndBadInput();
    void deviceRemovalCascadesSessions();
    void applyStatusesKeepsAbsentFields();
    void applyStatusesReportsOnlineFlips();
    void applyStatusesLargeBatch();
    void desiredConfigMergesAndAckMatches();
    void desiredConfigErrors();
    void devicesSurviveReopen();
};

void TestUserDeviceStore::userCrud()
{
    SPK_OPEN_TEST_DB(t, true);
    UserStore users(*t->db);
    QCOMPARE(users.count(), 0);
    QVERIFY(users.list().isEmpty());
    qint64 alice = 0, bob = 0;
    QCOMPARE(users.create(QStringLiteral("alice"), QStringLiteral("h1"), QStringLiteral("admin"), &alice),
             StoreResult::Ok);
    QCOMPARE(users.create(QStringLiteral("bob"), QStringLiteral("h2"), QStringLiteral("support"), &bob),
             StoreResult::Ok);
    QVERIFY(alice > 0);
    QVERIFY(bob > alice);
    QCOMPARE(users.count(), 2);

    const auto a = users.findByName(QStringLiteral("alice"));
    QVERIFY(a);
    QCOMPARE(a->id, alice);
    QCOMPARE(a->role, QStringLiteral("admin"));
    QCOMPARE(a->passwordHash, QStringLiteral("h1"));
    QVERIFY(qAbs(a->createdAt.secsTo(QDateTime::currentDateTimeUtc())) < 600);
    const auto b = users.findById(bob);
    QVERIFY(b);
    QCOMPARE(b->username, QStringLiteral("bob"));
    QVERIFY(!users.findByName(QStringLiteral("carol")));
    QVERIFY(!users.findById(bob + 100));

    const auto all = users.list();
    QCOMPARE(all.size(), 2);
    QCOMPARE(all[0].username, QStringLiteral("alice"));
    QCOMPARE(all[1].username, QStringLiteral("bob"));

    QCOMPARE(users.remove(bob), StoreResult::Ok);
    QCOMPARE(users.remove(bob), StoreResult::NotFound);
    QVERIFY(!users.findById(bob));
    QCOMPARE(users.count(), 1);
}

void TestUserDeviceStore::userConflictsAndBadInput()
{
    SPK_OPEN_TEST_DB(t, true);
    UserStore users(*t->db);
    qint64 id = 0;
    QCOMPARE(users.create(QStringLiteral("alice"), QStringLiteral("h"), QStringLiteral("user"), &id),
             StoreResult::Ok);
    qint64 unchanged = -7;
    QCOMPARE(
        users.create(QStringLiteral("alice"), QStringLiteral("other"), QStringLiteral("admin"), &unchanged),
        StoreResult::Conflict);
    QCOMPARE(unchanged, -7);
    QCOMPARE(users.findByName(QStringLiteral("alice"))->role, QStringLiteral("user"));
    QCOMPARE(users.create(QString(), QStringLiteral("h"), QStringLiteral("user"), nullptr),
             StoreResult::Error);
    QCOMPARE(users.create(QStringLiteral("x"), QString(), QStringLiteral("user"), nullptr),
             StoreResult::Error);
    QCOMPARE(users.create(QStringLiteral("x"), QStringLiteral("h"), QStringLiteral("root"), nullptr),
             StoreResult::Error);
    // Quotes and SQL text are just data.
    QCOMPARE(users.create(QStringLiteral("o'brien\"; DROP TABLE users; --"), QStringLiteral("h"),
                          QStringLiteral("user"), nullptr),
             StoreResult::Ok);
    QVERIFY(users.findByName(QStringLiteral("o'brien\"; DROP TABLE users; --")));
    QCOMPARE(users.count(), 2);
}

void TestUserDeviceStore::userWithDevicesCannotBeRemoved()
{
    SPK_OPEN_TEST_DB(t, true);
    const qint64 owner = addUser(*t->db, QStringLiteral("owner"));
    DeviceStore devices(*t->db);
    QCOMPARE(devices.create(QStringLiteral("dev1"), QStringLiteral("Kitchen"), owner, QStringLiteral("s")),
             StoreResult::Ok);
    UserStore users(*t->db);
    QCOMPARE(users.remove(owner), StoreResult::Conflict);
    QVERIFY(users.findById(owner));
    QVERIFY(devices.find(QStringLiteral("dev1")));
    QCOMPARE(devices.remove(QStringLiteral("dev1")), StoreResult::Ok);
    QCOMPARE(users.remove(owner), StoreResult::Ok);
}

void TestUserDeviceStore::deviceCrud()
{
    SPK_OPEN_TEST_DB(t, true);
    const qint64 u1 = addUser(*t->db, QStringLiteral("u1"));
    const qint64 u2 = addUser(*t->db, QStringLiteral("u2"));
    DeviceStore devices(*t->db);
    QCOMPARE(devices.count(), 0);
    QCOMPARE(devices.create(QStringLiteral("dev-b"), QStringLiteral("Bedroom"), u1, QStringLiteral("sb")),
             StoreResult::Ok);
    QCOMPARE(devices.create(QStringLiteral("dev-a"), QStringLiteral("Attic"), u2, QStringLiteral("sa")),
             StoreResult::Ok);
    QCOMPARE(devices.create(QStringLiteral("dev-c"), QStringLiteral("Cellar"), u1, QStringLiteral("sc")),
             StoreResult::Ok);
    QCOMPARE(devices.count(), 3);

    const auto b = devices.find(QStringLiteral("dev-b"));
    QVERIFY(b);
    QCOMPARE(b->name, QStringLiteral("Bedroom"));
    QCOMPARE(b->ownerId, u1);
    QCOMPARE(b->secretHash, QStringLiteral("sb"));
    QVERIFY(!b->online);
    QVERIFY(!b->applied.volume && !b->battery && !b->temperature);
    QVERIFY(b->firmware.isEmpty());
    QVERIFY(!b->lastSeen.isValid());
    QVERIFY(b->createdAt.isValid() && b->updatedAt.isValid());
    QVERIFY(b->desiredConfig.isEmpty());
    QVERIFY(!b->configPending);
    QVERIFY(!devices.find(QStringLiteral("nope")));

    const auto all = devices.list();
    QCOMPARE(all.size(), 3);
    QCOMPARE(all[0].id, QStringLiteral("dev-a")); // ordered by id
    QCOMPARE(all[2].id, QStringLiteral("dev-c"));
    const auto mine = devices.list(u1);
    QCOMPARE(mine.size(), 2);
    QCOMPARE(mine[0].id, QStringLiteral("dev-b"));
    QCOMPARE(mine[1].id, QStringLiteral("dev-c"));
    QVERIFY(devices.list(u2 + 1000).isEmpty());

    QCOMPARE(devices.remove(QStringLiteral("dev-b")), StoreResult::Ok);
    QCOMPARE(devices.remove(QStringLiteral("dev-b")), StoreResult::NotFound);
    QCOMPARE(devices.count(), 2);
}

void TestUserDeviceStore::deviceConflictsAndBadInput()
{
    SPK_OPEN_TEST_DB(t, true);
    const qint64 u = addUser(*t->db, QStringLiteral("u"));
    DeviceStore devices(*t->db);
    QCOMPARE(devices.create(QStringLiteral("dev1"), QStringLiteral("One"), u, QStringLiteral("s")),
             StoreResult::Ok);
    QCOMPARE(devices.create(QStringLiteral("dev1"), QStringLiteral("Other"), u, QStringLiteral("s2")),
             StoreResult::Conflict);
    QCOMPARE(devices.find(QStringLiteral("dev1"))->name, QStringLiteral("One"));
    QCOMPARE(devices.create(QStringLiteral("dev2"), QStringLiteral("Two"), u + 999, QStringLiteral("s")),
             StoreResult::NotFound);
    QVERIFY(!devices.find(QStringLiteral("dev2")));
    QCOMPARE(devices.create(QStringLiteral("bad/id"), QStringLiteral("x"), u, QStringLiteral("s")),
             StoreResult::Error);
    QCOMPARE(devices.create(QString(65, QLatin1Char('a')), QStringLiteral("x"), u, QStringLiteral("s")),
             StoreResult::Error);
    QCOMPARE(devices.create(QStringLiteral("dev3"), QString(), u, QStringLiteral("s")), StoreResult::Error);
    QCOMPARE(devices.create(QStringLiteral("dev3"), QStringLiteral("x"), u, QString()), StoreResult::Error);
    QCOMPARE(devices.count(), 1);
}

void TestUserDeviceStore::deviceRemovalCascadesSessions()
{
    SPK_OPEN_TEST_DB(t, true);
    const qint64 u = addUser(*t->db, QStringLiteral("u"));
    DeviceStore devices(*t->db);
    QCOMPARE(devices.create(QStringLiteral("dev1"), QStringLiteral("One"), u, QStringLiteral("s")),
             StoreResult::Ok);
    SessionStore sessions(*t->db);
    qint64 sid = 0;
    QCOMPARE(sessions.create(QStringLiteral("dev1"), QStringLiteral("s001"), kBridge, &sid), StoreResult::Ok);
    QCOMPARE(sessions.addTranscript(sid, QStringLiteral("hello"), true), StoreResult::Ok);
    QCOMPARE(devices.remove(QStringLiteral("dev1")), StoreResult::Ok);
    QVERIFY(!sessions.find(sid));
    QVERIFY(sessions.transcripts(sid).isEmpty());
}

void TestUserDeviceStore::applyStatusesKeepsAbsentFields()
{
    SPK_OPEN_TEST_DB(t, true);
    const qint64 u = addUser(*t->db, QStringLiteral("u"));
    DeviceStore devices(*t->db);
    QCOMPARE(devices.create(QStringLiteral("a"), QStringLiteral("A"), u, QStringLiteral("s")),
             StoreResult::Ok);
    QCOMPARE(devices.create(QStringLiteral("b"), QStringLiteral("B"), u, QStringLiteral("s")),
             StoreResult::Ok);

    DeviceStatus full;
    full.online = true;
    full.battery = 85;
    full.config.volume = 50;
    full.temperature = 35.5;
    full.firmware = QStringLiteral("1.0.0");
    const QDateTime t1 = QDateTime::fromMSecsSinceEpoch(1700000000123, Qt::UTC);
    QVERIFY(devices.applyStatuses({{QStringLiteral("a"), full}, {QStringLiteral("unknown"), full}}, t1));

    auto a = devices.find(QStringLiteral("a"));
    QVERIFY(a);
    QVERIFY(a->online);
    QCOMPARE(a->battery, std::optional<int>(85));
    QCOMPARE(a->applied.volume, std::optional<int>(50));
    QCOMPARE(a->temperature, std::optional<double>(35.5));
    QCOMPARE(a->firmware, QStringLiteral("1.0.0"));
    QCOMPARE(a->lastSeen, t1);
    QVERIFY(!devices.find(QStringLiteral("b"))->lastSeen.isValid()); // untouched
    QVERIFY(!devices.find(QStringLiteral("unknown")));               // skipped, not created

    DeviceStatus batteryOnly;
    batteryOnly.battery = 70;
    const QDateTime t2 = t1.addSecs(30);
    QVERIFY(devices.applyStatuses({{QStringLiteral("a"), batteryOnly}}, t2));
    a = devices.find(QStringLiteral("a"));
    QCOMPARE(a->battery, std::optional<int>(70));
    QCOMPARE(a->applied.volume, std::optional<int>(50));
    QCOMPARE(a->temperature, std::optional<double>(35.5));
    QCOMPARE(a->firmware, QStringLiteral("1.0.0"));
    QVERIFY(a->online);
    QCOMPARE(a->lastSeen, t2);

    DeviceStatus lwt; // the will: only {"online":false}
    lwt.online = false;
    QVERIFY(devices.applyStatuses({{QStringLiteral("a"), lwt}}, t2.addSecs(1)));
    a = devices.find(QStringLiteral("a"));
    QVERIFY(!a->online);
    QCOMPARE(a->battery, std::optional<int>(70));
    QVERIFY(devices.applyStatuses({}, t2)); // nothing to do is fine
}

void TestUserDeviceStore::applyStatusesReportsOnlineFlips()
{
    SPK_OPEN_TEST_DB(t, true);
    const qint64 u = addUser(*t->db, QStringLiteral("u"));
    DeviceStore devices(*t->db);
    for (const char *id : {"a", "b", "c"})
        QCOMPARE(devices.create(QLatin1String(id), QStringLiteral("x"), u, QStringLiteral("s")),
                 StoreResult::Ok);
    DeviceStatus on, off, noOnline;
    on.online = true;
    off.online = false;
    noOnline.battery = 10;
    QStringList flipped;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QVERIFY(devices.applyStatuses(
        {{QStringLiteral("a"), on}, {QStringLiteral("b"), off}, {QStringLiteral("c"), noOnline}}, now,
        &flipped));
    QCOMPARE(flipped, QStringList{QStringLiteral("a")}); // b was already offline, c did not say
    QVERIFY(devices.applyStatuses({{QStringLiteral("a"), on}, {QStringLiteral("b"), on}}, now, &flipped));
    QCOMPARE(flipped, QStringList{QStringLiteral("b")});
    QVERIFY(devices.applyStatuses({{QStringLiteral("a"), off}, {QStringLiteral("a"), on}}, now, &flipped));
    QCOMPARE(flipped, QStringList{QStringLiteral("a")});
    QVERIFY(devices.find(QStringLiteral("a"))->online);
}

void TestUserDeviceStore::applyStatusesLargeBatch()
{
    SPK_OPEN_TEST_DB(t, true);
    const qint64 u = addUser(*t->db, QStringLiteral("u"));
    DeviceStore devices(*t->db);
    constexpr int kDevices = 1500;
    std::vector<std::pair<QString, DeviceStatus>> batch;
    for (int i = 0; i < kDevices; ++i) {
        const QString id = QStringLiteral("dev%1").arg(i, 5, 10, QLatin1Char('0'));
        QCOMPARE(devices.create(id, id, u, QStringLiteral("s")), StoreResult::Ok);
        DeviceStatus s;
        s.online = true;
        s.battery = i % 101;
        batch.emplace_back(id, s);
    }
    QVERIFY(devices.applyStatuses(batch, QDateTime::currentDateTimeUtc()));
    const auto all = devices.list();
    QCOMPARE(all.size(), kDevices);
    for (int i = 0; i < kDevices; ++i) {
        QVERIFY(all[i].online);
        QCOMPARE(all[i].battery, std::optional<int>(i % 101));
    }
}

void TestUserDeviceStore::desiredConfigMergesAndAckMatches()
{
    SPK_OPEN_TEST_DB(t, true);
    const qint64 u = addUser(*t->db, QStringLiteral("u"));
    DeviceStore devices(*t->db);
    QCOMPARE(devices.create(QStringLiteral("d"), QStringLiteral("D"), u, QStringLiteral("s")),
             StoreResult::Ok);

    QCOMPARE(devices.setDesiredConfig(QStringLiteral("d"), readConfigValues(QJsonObject{{"volume", 30}}),
                                      QStringLiteral("r1")),
             StoreResult::Ok);
    auto d = devices.find(QStringLiteral("d"));
    QCOMPARE(d->desiredConfig, (QJsonObject{{"volume", 30}}));
    QCOMPARE(d->configRequestId, QStringLiteral("r1"));
    QVERIFY(d->configPending);

    QCOMPARE(devices.setDesiredConfig(QStringLiteral("d"), readConfigValues(QJsonObject{{"muted", true}}),
                                      QStringLiteral("r2")),
             StoreResult::Ok);
    d = devices.find(QStringLiteral("d"));
    QCOMPARE(d->desiredConfig, (QJsonObject{{"volume", 30}, {"muted", true}}));
    QCOMPARE(d->configRequestId, QStringLiteral("r2"));

    // The ack of the older request (or a made-up one) changes nothing: only the pending request counts.
    QCOMPARE(devices.markConfigApplied(QStringLiteral("d"), QStringLiteral("r1"),
                                       readConfigValues(QJsonObject{{"volume", 30}})),
             StoreResult::Conflict);
    QCOMPARE(devices.markConfigApplied(QStringLiteral("d"), QStringLiteral("forged"),
                                       readConfigValues(QJsonObject{{"volume", 5}})),
             StoreResult::Conflict);
    d = devices.find(QStringLiteral("d"));
    QVERIFY(d->configPending);
    QVERIFY(!d->applied.volume);

    // The current request's ack clears pending and records the applied volume.
    QCOMPARE(devices.markConfigApplied(QStringLiteral("d"), QStringLiteral("r2"),
                                       readConfigValues(QJsonObject{{"volume", 40}, {"muted", true}})),
             StoreResult::Ok);
    d = devices.find(QStringLiteral("d"));
    QVERIFY(!d->configPending);
    QCOMPARE(d->applied.volume, std::optional<int>(40));
    QCOMPARE(d->configRequestId, QStringLiteral("r2"));

    // A new request is pending again; a stale ack arriving late does not clear it, nor does junk volume.
    QCOMPARE(devices.setDesiredConfig(QStringLiteral("d"), readConfigValues(QJsonObject{{"volume", 90}}),
                                      QStringLiteral("r3")),
             StoreResult::Ok);
    QCOMPARE(devices.markConfigApplied(QStringLiteral("d"), QStringLiteral("r2"),
                                       readConfigValues(QJsonObject{{"volume", "loud"}})),
             StoreResult::Conflict);
    d = devices.find(QStringLiteral("d"));
    QVERIFY(d->configPending);
    QCOMPARE(d->applied.volume, std::optional<int>(40));
    QCOMPARE(d->desiredConfig, (QJsonObject{{"volume", 90}, {"muted", true}}));
}

void TestUserDeviceStore::desiredConfigErrors()
{
    SPK_OPEN_TEST_DB(t, true);
    const qint64 u = addUser(*t->db, QStringLiteral("u"));
    DeviceStore devices(*t->db);
    QCOMPARE(devices.create(QStringLiteral("d"), QStringLiteral("D"), u, QStringLiteral("s")),
             StoreResult::Ok);
    QCOMPARE(devices.setDesiredConfig(QStringLiteral("nope"), readConfigValues(QJsonObject{{"volume", 1}}),
                                      QStringLiteral("r")),
             StoreResult::NotFound);
    QCOMPARE(devices.markConfigApplied(QStringLiteral("nope"), QStringLiteral("r"), {}),
             StoreResult::NotFound);
    QCOMPARE(
        devices.setDesiredConfig(QStringLiteral("d"), readConfigValues(QJsonObject{}), QStringLiteral("r")),
        StoreResult::Error);
    QCOMPARE(devices.setDesiredConfig(QStringLiteral("d"), readConfigValues(QJsonObject{{"volume", 1}}),
                                      QString()),
             StoreResult::Error);
    const auto d = devices.find(QStringLiteral("d"));
    QVERIFY(d->desiredConfig.isEmpty());
    QVERIFY(!d->configPending);
    // An ack with no request pending changes nothing.
    QCOMPARE(devices.markConfigApplied(QStringLiteral("d"), QStringLiteral("zzz"), {}),
             StoreResult::Conflict);
    QVERIFY(!devices.find(QStringLiteral("d"))->configPending);
}

void TestUserDeviceStore::devicesSurviveReopen()
{
    SPK_OPEN_TEST_DB(t, true);
    const qint64 u = addUser(*t->db, QStringLiteral("u"));
    {
        DeviceStore devices(*t->db);
        QCOMPARE(devices.create(QStringLiteral("d"), QStringLiteral("D"), u, QStringLiteral("s")),
                 StoreResult::Ok);
        DeviceStatus s;
        s.online = true;
        s.temperature = -3.25;
        QVERIFY(devices.applyStatuses({{QStringLiteral("d"), s}}, QDateTime::currentDateTimeUtc()));
        QCOMPARE(devices.setDesiredConfig(QStringLiteral("d"), readConfigValues(QJsonObject{{"volume", 80}}),
                                          QStringLiteral("r9")),
                 StoreResult::Ok);
    }
    QString error;
    QVERIFY2(t->reopen(&error), qPrintable(error));
    const auto d = DeviceStore(*t->db).find(QStringLiteral("d"));
    QVERIFY(d);
    QVERIFY(d->online);
    QCOMPARE(d->temperature, std::optional<double>(-3.25));
    QCOMPARE(d->desiredConfig, (QJsonObject{{"volume", 80}}));
    QCOMPARE(d->configRequestId, QStringLiteral("r9"));
    QVERIFY(d->configPending);
    QCOMPARE(UserStore(*t->db).remove(u), StoreResult::Conflict); // foreign keys still enforced
}

QTEST_GUILESS_MAIN(TestUserDeviceStore)
#include "tst_user_device_store.moc"
