#include "server/storage/database.h"

#include "server/core/dependency_faults.h"

#include "server/storage/database_url.h"
#include "server/storage/migrations.h"
#include "server/storage/sql_support.h"

#include <QAtomicInt>
#include <QCoreApplication>
#include <QMutex>
#include <QSet>
#include <QSqlError>
#include <QThread>

namespace spk::server {
namespace {

constexpr int kSqliteBusyTimeoutMs = 5000;
QAtomicInt instanceCounter;

// Connection names of one Database, shared with the QThread::finished handlers that drop them.
struct ConnectionRegistry
{
    QMutex mutex;
    QSet<QString> names;
};

} // namespace

struct Database::Private
{
    DatabaseUrl url;
    QString namePrefix;
    QString sqliteName; // QSQLITE database name: the file, or a shared-cache memory URI
    std::shared_ptr<ConnectionRegistry> registry = std::make_shared<ConnectionRegistry>();
    QString keeperName; // in-memory SQLite lives as long as one connection to it is open

    void configure(QSqlDatabase &db) const
    {
        if (url.kind == DatabaseUrl::Kind::Postgres) {
            db.setHostName(url.host);
            db.setPort(url.port);
            db.setUserName(url.user);
            db.setPassword(url.password);
            db.setDatabaseName(url.databaseName);
            db.setConnectOptions(url.connectOptions);
        } else {
            db.setDatabaseName(sqliteName);
            QString options = QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(kSqliteBusyTimeoutMs);
            if (url.inMemory())
                options += QStringLiteral(";QSQLITE_OPEN_URI");
            db.setConnectOptions(options);
        }
    }

    // Opens the connection and applies the per-connection settings.
    bool openConnection(QSqlDatabase &db) const
    {
        if (!db.open()) {
            qCWarning(lcStorage) << "cannot open" << url.redacted() << ":" << db.lastError().text();
            DependencyFaultScope::noteDatabaseFailure();
            return false;
        }
        QStringList setup;
        if (url.kind == DatabaseUrl::Kind::Postgres) {
            // libpq prints NOTICEs ("… already exists, skipping") straight to stderr otherwise.
            setup << QStringLiteral("SET client_min_messages TO warning");
            if (!url.schema.isEmpty())
                setup << QStringLiteral("SET search_path TO \"%1\"").arg(url.schema);
        } else {
            setup << QStringLiteral("PRAGMA foreign_keys = ON")
                  << QStringLiteral("PRAGMA busy_timeout = %1").arg(kSqliteBusyTimeoutMs);
            if (!url.inMemory()) // WAL: readers never block the writer; one fsync per commit batch
                setup << QStringLiteral("PRAGMA journal_mode = WAL")
                      << QStringLiteral("PRAGMA synchronous = NORMAL");
        }
        for (const QString &statement : setup) {
            if (!sql::execDirect(db, statement, "connection setup")) {
                db.close();
                return false;
            }
        }
        return true;
    }

    static bool isAlive(QSqlDatabase &db)
    {
        QSqlQuery q(db);
        return q.exec(QStringLiteral("SELECT 1")) && q.next();
    }

    QString threadConnectionName() const
    {
        return namePrefix + QString::number(quintptr(QThread::currentThread()), 16);
    }

    void forget(const QString &name) const
    {
        {
            QMutexLocker lock(&registry->mutex);
            registry->names.remove(name);
        }
        QSqlDatabase::removeDatabase(name);
    }
};

std::unique_ptr<Database> Database::open(const QString &urlText, QString *error)
{
    QString parseError;
    const std::optional<DatabaseUrl> url = DatabaseUrl::parse(urlText, &parseError);
    if (!url) {
        if (error)
            *error = parseError;
        return nullptr;
    }
    const QString driver =
        url->kind == DatabaseUrl::Kind::Postgres ? QStringLiteral("QPSQL") : QStringLiteral("QSQLITE");
    if (!QSqlDatabase::isDriverAvailable(driver)) {
        if (error)
            *error = QStringLiteral("Qt SQL driver %1 is not installed (libqt6sql6-%2)")
                         .arg(driver, url->kind == DatabaseUrl::Kind::Postgres ? QStringLiteral("psql")
                                                                               : QStringLiteral("sqlite"));
        return nullptr;
    }

    std::unique_ptr<Database> db(new Database);
    db->d_ = std::make_unique<Private>();
    db->d_->url = *url;
    const int instance = instanceCounter.fetchAndAddRelaxed(1);
    db->d_->namePrefix = QStringLiteral("spk-db-%1-").arg(instance);
    if (url->inMemory())
        db->d_->sqliteName = QStringLiteral("file:spk-memory-%1-%2?mode=memory&cache=shared")
                                 .arg(QCoreApplication::applicationPid())
                                 .arg(instance);
    else
        db->d_->sqliteName = url->path;

    if (url->inMemory()) {
        db->d_->keeperName = db->d_->namePrefix + QStringLiteral("keeper");
        QSqlDatabase keeper = QSqlDatabase::addDatabase(driver, db->d_->keeperName);
        db->d_->configure(keeper);
        if (!db->d_->openConnection(keeper)) {
            if (error)
                *error =
                    QStringLiteral("cannot open the in-memory SQLite database: ") + keeper.lastError().text();
            return nullptr;
        }
    }

    QSqlDatabase c = db->connection();
    if (!c.isOpen()) {
        if (error)
            *error = QStringLiteral("cannot open %1: %2").arg(url->redacted(), c.lastError().text());
        return nullptr;
    }
    if (!url->schema.isEmpty() &&
        !sql::execDirect(c, QStringLiteral("CREATE SCHEMA IF NOT EXISTS \"%1\"").arg(url->schema),
                         "create schema")) {
        if (error)
            *error = QStringLiteral("cannot create schema %1 in %2").arg(url->schema, url->redacted());
        return nullptr;
    }
    if (!db->ping()) {
        if (error)
            *error = QStringLiteral("%1 does not answer").arg(url->redacted());
        return nullptr;
    }
    qCInfo(lcStorage) << "opened" << url->redacted();
    return db;
}

Database::~Database()
{
    if (!d_)
        return;
    QSet<QString> names;
    {
        QMutexLocker lock(&d_->registry->mutex);
        names.swap(d_->registry->names);
    }
    for (const QString &name : std::as_const(names))
        QSqlDatabase::removeDatabase(name);
    if (!d_->keeperName.isEmpty())
        QSqlDatabase::removeDatabase(d_->keeperName);
}

QSqlDatabase Database::connection()
{
    const QString name = d_->threadConnectionName();
    if (QSqlDatabase::contains(name)) {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (db.isValid()) {
            if (db.isOpen() && sql::takeConnectionSuspect() && !d_->isAlive(db))
                db.close(); // broken (e.g. the server restarted): reopen below
            if (!db.isOpen())
                d_->openConnection(db);
            return db;
        }
        // A name left by a dead thread whose address was reused: start over.
        d_->forget(name);
    }
    const QString driver = isPostgres() ? QStringLiteral("QPSQL") : QStringLiteral("QSQLITE");
    QSqlDatabase db = QSqlDatabase::addDatabase(driver, name);
    d_->configure(db);
    {
        QMutexLocker lock(&d_->registry->mutex);
        d_->registry->names.insert(name);
    }
    // QtSql connections belong to their thread: drop this one when the thread ends.
    QThread *thread = QThread::currentThread();
    const QCoreApplication *app = QCoreApplication::instance();
    if (!app || thread != app->thread()) {
        std::weak_ptr<ConnectionRegistry> registry = d_->registry;
        QObject::connect(thread, &QThread::finished, [registry, name] {
            const auto alive = registry.lock();
            if (!alive)
                return;
            bool owned = false;
            {
                QMutexLocker lock(&alive->mutex);
                owned = alive->names.remove(name);
            }
            if (owned)
                QSqlDatabase::removeDatabase(name);
        });
    }
    d_->openConnection(db);
    return db;
}

bool Database::isPostgres() const
{
    return d_->url.kind == DatabaseUrl::Kind::Postgres;
}

bool Database::ping()
{
    for (int attempt = 0; attempt < 2; ++attempt) {
        QSqlDatabase c = connection();
        if (c.isOpen()) {
            QSqlQuery q(c);
            if (q.exec(QStringLiteral("SELECT 1")) && q.next())
                return true;
        }
        c.close(); // reopened by connection() on the second attempt
    }
    return false;
}

QString Database::describe() const
{
    return d_->url.redacted();
}

int Database::schemaVersion()
{
    return recordedSchemaVersion(*this);
}

int Database::latestSchemaVersion() const
{
    return schemaMigrations().isEmpty() ? 0 : schemaMigrations().constLast().version;
}

bool Database::migrate(QString *error)
{
    return runMigrations(*this, schemaMigrations(), error);
}

} // namespace spk::server
