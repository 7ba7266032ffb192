#pragma once
// Test fixture: a fresh, independent database for the current QtTest row. Every storage test runs
// on SQLite (a file in a temporary directory) and, when SPK_TEST_PG_URL is set, on PostgreSQL in a
// schema of its own that is dropped afterwards (scripts/services.sh start DIR writes that variable).
#include "server/storage/database.h"
#include "tests/support/require_service.h"

#include <QAtomicInt>
#include <QCoreApplication>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

namespace spk::server::testing {

inline QString pgBaseUrl()
{
    return qEnvironmentVariable("SPK_TEST_PG_URL");
}

// Adds the "backend" column; use from initTestCase_data() so every test function runs per backend.

inline void addBackendRows()
{
    QTest::addColumn<QString>("backend");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    QTest::newRow("postgresql") << QStringLiteral("postgresql");
}

// The backend of the current global data row.
inline QString currentBackend()
{
    QFETCH_GLOBAL(QString, backend);
    return backend;
}

class TestDb
{
public:
    ~TestDb()
    {
        db.reset();
        if (schema.isEmpty())
            return;
        QString error;
        auto admin = Database::open(pgBaseUrl(), &error);
        if (!admin) {
            qWarning("cannot drop test schema %s: %s", qPrintable(schema), qPrintable(error));
            return;
        }
        QSqlQuery(admin->connection())
            .exec(QStringLiteral("DROP SCHEMA IF EXISTS \"%1\" CASCADE").arg(schema));
    }

    // Closes the database and opens the same one again (data must survive).
    bool reopen(QString *error)
    {
        db.reset();
        db = Database::open(url, error);
        return db != nullptr;
    }

    std::unique_ptr<Database> db;
    QString url;
    QString schema; // PostgreSQL only
    QTemporaryDir dir;
};

// nullptr with *skip set when the backend is not configured, or with *error when opening failed.
// SPK_OPEN_TEST_DB checks the configuration first (SPK_REQUIRE_SERVICE: a skip, a failure under CI=true).
inline std::unique_ptr<TestDb> makeTestDb(const QString &backend, bool migrate, QString *skip, QString *error)
{
    static QAtomicInt counter;
    auto t = std::make_unique<TestDb>();
    if (backend == QLatin1String("postgresql")) {
        const QString base = pgBaseUrl();
        if (base.isEmpty()) {
            *skip = QStringLiteral("SPK_TEST_PG_URL is not set: PostgreSQL run skipped "
                                   "(scripts/services.sh start DIR && source DIR/env)");
            return nullptr;
        }
        t->schema = QStringLiteral("spk_test_%1_%2_%3")
                        .arg(QCoreApplication::applicationPid())
                        .arg(counter.fetchAndAddRelaxed(1))
                        .arg(QRandomGenerator::global()->bounded(1000000));
        t->url = base + (base.contains(QLatin1Char('?')) ? QStringLiteral("&") : QStringLiteral("?")) +
                 QStringLiteral("schema=") + t->schema;
    } else {
        if (!t->dir.isValid()) {
            *error = QStringLiteral("no temporary directory");
            return nullptr;
        }
        t->url = QStringLiteral("sqlite:") + t->dir.filePath(QStringLiteral("spk.db"));
    }
    t->db = Database::open(t->url, error);
    if (!t->db)
        return nullptr;
    if (migrate && !t->db->migrate(error))
        return nullptr;
    return t;
}

} // namespace spk::server::testing

// Opens a fresh database for the current backend row into `var` (a std::unique_ptr<TestDb>). The
// PostgreSQL row needs SPK_TEST_PG_URL: skipped without it, failed without it under CI=true.
#define SPK_OPEN_TEST_DB(var, migrate)                                                                       \
    if (spk::server::testing::currentBackend() == QLatin1String("postgresql"))                               \
        SPK_REQUIRE_SERVICE("PostgreSQL", "SPK_TEST_PG_URL");                                                \
    QString var##Skip, var##Error;                                                                           \
    auto var = spk::server::testing::makeTestDb(spk::server::testing::currentBackend(), migrate, &var##Skip, \
                                                &var##Error);                                                \
    if (!var##Skip.isEmpty())                                                                                \
        QSKIP(qPrintable(var##Skip));                                                                        \
    QVERIFY2(var, qPrintable(var##Error))
