// Database: URL parsing, opening, migrations, per-thread connections, persistence across reopen.
#include "server/storage/database.h"
#include "server/storage/database_url.h"
#include "server/storage/migrations.h"
#include "server/storage/user_store.h"
#include "tests/unit/storage/storage_test_db.h"

#include <QSqlQuery>
#include <QTcpServer>
#include <QThread>
#include <QtTest>

using namespace spk::server;
using spk::server::testing::TestDb;

namespace {

int countRows(Database &db, const QString &table)
{
    QSqlQuery q(db.connection());
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM %1").arg(table)) || !q.next())
        return -1;
    return q.value(0).toInt();
}

bool tableExists(Database &db, const QString &table)
{
    QSqlQuery q(db.connection());
    // Works on both: a SELECT from a missing table fails.
    const bool ok = q.exec(QStringLiteral("SELECT 1 FROM %1 WHERE 1 = 0").arg(table));
    return ok;
}

} // namespace

class TestDatabase : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data() { spk::server::testing::addBackendRows(); }

    void parsesUrls_data();
    void parsesUrls();
    void rejectsBadUrls_data();
    void rejectsBadUrls();
    void openFailsCleanly();

    void migratesFreshDatabase();
    void migrationIsIdempotent();
    void failedMigrationChangesNothing();
    void dataSurvivesReopen();
    void connectionsArePerThread();
    void pingAnswers();
    void recoversFromLostConnection();
    void sqliteSettings();
    void sqliteMemoryIsSharedAcrossThreads();
};

void TestDatabase::parsesUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("postgres");
    QTest::addColumn<QString>("pathOrHost");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("dbName");
    QTest::addColumn<QString>("schema");

    QTest::newRow("sqlite abs") << "sqlite:/var/lib/spk/spk.db" << false << "/var/lib/spk/spk.db" << 0 << ""
                                << ""
                                << ""
                                << "";
    QTest::newRow("sqlite url form") << "sqlite:///tmp/x.db" << false << "/tmp/x.db" << 0 << ""
                                     << ""
                                     << ""
                                     << "";
    QTest::newRow("sqlite memory") << "sqlite::memory:" << false << ":memory:" << 0 << ""
                                   << ""
                                   << ""
                                   << "";
    QTest::newRow("pg full") << "postgresql://spk:secret@db.example:5433/spkdb" << true << "db.example"
                             << 5433 << "spk"
                             << "secret"
                             << "spkdb"
                             << "";
    QTest::newRow("pg percent") << "postgresql://us%40er:p%40ss%2Fw%3Ard@127.0.0.1/my%20db?schema=s1" << true
                                << "127.0.0.1" << 5432 << "us@er"
                                << "p@ss/w:rd"
                                << "my db"
                                << "s1";
    QTest::newRow("postgres scheme") << "postgres://a@h/d" << true << "h" << 5432 << "a"
                                     << ""
                                     << "d"
                                     << "";
}

void TestDatabase::parsesUrls()
{
    QFETCH(QString, url);
    QFETCH(bool, postgres);
    QFETCH(QString, pathOrHost);
    QFETCH(int, port);
    QFETCH(QString, user);
    QFETCH(QString, password);
    QFETCH(QString, dbName);
    QFETCH(QString, schema);
    QString error;
    const auto parsed = DatabaseUrl::parse(url, &error);
    QVERIFY2(parsed, qPrintable(error));
    QCOMPARE(parsed->kind == DatabaseUrl::Kind::Postgres, postgres);
    if (!postgres) {
        QCOMPARE(parsed->path, pathOrHost);
        return;
    }
    QCOMPARE(parsed->host, pathOrHost);
    QCOMPARE(parsed->port, port);
    QCOMPARE(parsed->user, user);
    QCOMPARE(parsed->password, password);
    QCOMPARE(parsed->databaseName, dbName);
    QCOMPARE(parsed->schema, schema);
    QVERIFY(parsed->connectOptions.contains(QLatin1String("connect_timeout=")));
    QVERIFY(!parsed->redacted().contains(password.isEmpty() ? QStringLiteral("\x01") : password));
}

void TestDatabase::rejectsBadUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::newRow("empty") << "";
    QTest::newRow("mysql") << "mysql://u:p@h/d";
    QTest::newRow("sqlite no path") << "sqlite:";
    QTest::newRow("pg no user") << "postgresql://host/db";
    QTest::newRow("pg no db") << "postgresql://u:p@host:5432/";
    QTest::newRow("pg two path parts") << "postgresql://u:p@host/a/b";
    QTest::newRow("pg bad port") << "postgresql://u:p@host:99999/db";
    QTest::newRow("pg unknown param") << "postgresql://u:p@host/db?foo=1";
    QTest::newRow("pg bad schema") << "postgresql://u:p@host/db?schema=Bad-Name";
    QTest::newRow("pg injected option") << "postgresql://u:p@host/db?sslmode=a%20b";
}

void TestDatabase::rejectsBadUrls()
{
    QFETCH(QString, url);
    QString error;
    QVERIFY(!DatabaseUrl::parse(url, &error));
    QVERIFY(!error.isEmpty());
    error.clear();
    QVERIFY(!Database::open(url, &error));
    QVERIFY(!error.isEmpty());
}

void TestDatabase::openFailsCleanly()
{
    QFETCH_GLOBAL(QString, backend);
    QString error;
    if (backend == QLatin1String("sqlite")) {
        // A directory that does not exist: no crash, a clear error.
        QVERIFY(!Database::open(QStringLiteral("sqlite:/nonexistent-dir-spk/x/spk.db"), &error));
    } else {
        // A port nobody listens on: refused at once (connect_timeout bounds the unreachable case).
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 port = probe.serverPort();
        probe.close();
        QVERIFY(!Database::open(QStringLiteral("postgresql://spk:x@127.0.0.1:%1/spk").arg(port), &error));
    }
    QVERIFY(!error.isEmpty());
}

void TestDatabase::migratesFreshDatabase()
{
    SPK_OPEN_TEST_DB(t, false);
    QCOMPARE(t->db->schemaVersion(), 0);
    QVERIFY(t->db->latestSchemaVersion() >= 1);
    QString error;
    QVERIFY2(t->db->migrate(&error), qPrintable(error));
    QCOMPARE(t->db->schemaVersion(), t->db->latestSchemaVersion());
    for (const char *table : {"users", "devices", "sessions", "transcripts", "audit_logs", "revoked_tokens"})
        QVERIFY2(tableExists(*t->db, QLatin1String(table)), table);
    QCOMPARE(countRows(*t->db, QStringLiteral("schema_version")), schemaMigrations().size());
    QSqlQuery q(t->db->connection());
    QVERIFY(q.exec(
        QStringLiteral("SELECT version, description, applied_at FROM schema_version ORDER BY version")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 1);
    QVERIFY(!q.value(1).toString().isEmpty());
    QVERIFY(q.value(2).toLongLong() > 0);
}

void TestDatabase::migrationIsIdempotent()
{
    SPK_OPEN_TEST_DB(t, true);
    UserStore users(*t->db);
    QCOMPARE(users.create(QStringLiteral("alice"), QStringLiteral("h"), QStringLiteral("admin"), nullptr),
             StoreResult::Ok);
    const int rows = countRows(*t->db, QStringLiteral("schema_version"));
    QString error;
    QVERIFY2(t->db->migrate(&error), qPrintable(error));
    QVERIFY2(t->db->migrate(&error), qPrintable(error));
    QCOMPARE(countRows(*t->db, QStringLiteral("schema_version")), rows);
    QCOMPARE(t->db->schemaVersion(), t->db->latestSchemaVersion());
    QCOMPARE(users.count(), 1); // nothing was recreated
    // A second process (a second Database on the same URL) sees the schema as current too.
    auto other = Database::open(t->url, &error);
    QVERIFY2(other, qPrintable(error));
    QVERIFY2(other->migrate(&error), qPrintable(error));
    QCOMPARE(countRows(*other, QStringLiteral("schema_version")), rows);
}

void TestDatabase::failedMigrationChangesNothing()
{
    SPK_OPEN_TEST_DB(t, true);
    const int before = t->db->schemaVersion();
    QList<Migration> broken = schemaMigrations();
    broken.append(Migration{before + 1,
                            QStringLiteral("broken on purpose"),
                            {QStringLiteral("CREATE TABLE half_done (id {ID}, x TEXT)"),
                             QStringLiteral("INSERT INTO half_done (x) VALUES ('a')"),
                             QStringLiteral("THIS IS NOT SQL")}});
    QString error;
    QVERIFY(!runMigrations(*t->db, broken, &error));
    QVERIFY(error.contains(QLatin1String("broken on purpose")));
    QCOMPARE(t->db->schemaVersion(), before);
    QVERIFY(!tableExists(*t->db, QStringLiteral("half_done")));

    // Out-of-order lists are refused before anything runs.
    QList<Migration> unordered{Migration{2, QStringLiteral("b"), {}}, Migration{1, QStringLiteral("a"), {}}};
    QVERIFY(!runMigrations(*t->db, unordered, &error));
    QCOMPARE(t->db->schemaVersion(), before);
}

void TestDatabase::dataSurvivesReopen()
{
    SPK_OPEN_TEST_DB(t, true);
    qint64 id = 0;
    QCOMPARE(
        UserStore(*t->db).create(QStringLiteral("bob"), QStringLiteral("hash"), QStringLiteral("user"), &id),
        StoreResult::Ok);
    QString error;
    QVERIFY2(t->reopen(&error), qPrintable(error));
    QCOMPARE(t->db->schemaVersion(), t->db->latestSchemaVersion());
    QVERIFY2(t->db->migrate(&error), qPrintable(error));
    const auto bob = UserStore(*t->db).findById(id);
    QVERIFY(bob);
    QCOMPARE(bob->username, QStringLiteral("bob"));
    QCOMPARE(bob->passwordHash, QStringLiteral("hash"));
    QVERIFY(bob->createdAt.isValid());
    QCOMPARE(bob->createdAt.timeSpec(), Qt::UTC);
}

void TestDatabase::connectionsArePerThread()
{
    SPK_OPEN_TEST_DB(t, true);
    const QString mainName = t->db->connection().connectionName();
    QString threadName;
    StoreResult threadResult = StoreResult::Error;
    int threadCount = -1;
    QThread *thread = QThread::create([&] {
        threadName = t->db->connection().connectionName();
        threadResult = UserStore(*t->db).create(QStringLiteral("from-thread"), QStringLiteral("h"),
                                                QStringLiteral("user"), nullptr);
        threadCount = UserStore(*t->db).count();
    });
    thread->start();
    QVERIFY(thread->wait(30000));
    delete thread;
    QVERIFY(!threadName.isEmpty());
    QVERIFY(threadName != mainName);
    QCOMPARE(threadResult, StoreResult::Ok);
    QCOMPARE(threadCount, 1);
    // The finished thread's connection is gone; the main thread's still works.
    QVERIFY(!QSqlDatabase::contains(threadName));
    QVERIFY(UserStore(*t->db).findByName(QStringLiteral("from-thread")));
}

void TestDatabase::pingAnswers()
{
    SPK_OPEN_TEST_DB(t, false);
    QVERIFY(t->db->ping());
    // A connection closed under us is reopened by ping.
    t->db->connection().close();
    QVERIFY(t->db->ping());
    QVERIFY(!t->db->describe().isEmpty());
    QVERIFY(!t->db->describe().contains(QLatin1String(":x@")));
}

void TestDatabase::recoversFromLostConnection()
{
    if (spk::server::testing::currentBackend() != QLatin1String("postgresql"))
        QSKIP("PostgreSQL only: a server-side disconnect");
    SPK_OPEN_TEST_DB(t, true);
    UserStore users(*t->db);
    QCOMPARE(users.create(QStringLiteral("u"), QStringLiteral("h"), QStringLiteral("user"), nullptr),
             StoreResult::Ok);
    QSqlQuery q(t->db->connection());
    QVERIFY(q.exec(QStringLiteral("SELECT pg_backend_pid()")) && q.next());
    const qint64 pid = q.value(0).toLongLong();
    q.finish();
    // Another session kills ours, as a PostgreSQL restart would.
    QString error;
    auto killer = Database::open(t->url, &error);
    QVERIFY2(killer, qPrintable(error));
    QSqlQuery kill(killer->connection());
    QVERIFY(kill.exec(QStringLiteral("SELECT pg_terminate_backend(%1)").arg(pid)) && kill.next());
    QVERIFY(kill.value(0).toBool());
    // The first use after the loss fails (and is reported); the very next one works on a new connection.
    bool sawFailure = false;
    for (int i = 0; i < 50 && !sawFailure; ++i) {
        if (!users.findByName(QStringLiteral("u")))
            sawFailure = true;
        else
            QTest::qWait(100); // the backend may take a moment to exit
    }
    QVERIFY(sawFailure);
    QVERIFY(users.findByName(QStringLiteral("u")));
    QCOMPARE(users.count(), 1);
}

void TestDatabase::sqliteSettings()
{
    QFETCH_GLOBAL(QString, backend);
    if (backend != QLatin1String("sqlite"))
        QSKIP("SQLite pragmas only");
    SPK_OPEN_TEST_DB(t, true);
    QSqlQuery q(t->db->connection());
    QVERIFY(q.exec(QStringLiteral("PRAGMA foreign_keys")) && q.next());
    QCOMPARE(q.value(0).toInt(), 1);
    QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
    QVERIFY(q.exec(QStringLiteral("PRAGMA busy_timeout")) && q.next());
    QVERIFY(q.value(0).toInt() > 0);
}

void TestDatabase::sqliteMemoryIsSharedAcrossThreads()
{
    QFETCH_GLOBAL(QString, backend);
    if (backend != QLatin1String("sqlite"))
        QSKIP("SQLite in-memory only");
    QString error;
    auto db = Database::open(QStringLiteral("sqlite::memory:"), &error);
    QVERIFY2(db, qPrintable(error));
    QVERIFY2(db->migrate(&error), qPrintable(error));
    QCOMPARE(UserStore(*db).create(QStringLiteral("m"), QStringLiteral("h"), QStringLiteral("user"), nullptr),
             StoreResult::Ok);
    int seen = -1;
    QThread *thread = QThread::create([&] { seen = UserStore(*db).count(); });
    thread->start();
    QVERIFY(thread->wait(30000));
    delete thread;
    QCOMPARE(seen, 1);
    // Two in-memory databases are separate.
    auto other = Database::open(QStringLiteral("sqlite::memory:"), &error);
    QVERIFY2(other, qPrintable(error));
    QCOMPARE(other->schemaVersion(), 0);
}

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
