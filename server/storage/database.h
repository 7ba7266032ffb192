#pragma once
// One logical database for spkd, on SQLite or PostgreSQL 15 through QtSql. Connections are per thread
// (QtSql's rule); the schema is versioned and migrated in one transaction per step.
#include <QSqlDatabase>
#include <QString>
#include <memory>

namespace spk::server {

class Database
{
public:
    // url: "sqlite:/abs/path/spk.db" (or "sqlite::memory:") or
    //      "postgresql://user:password@host:port/dbname" (percent-encoded parts; optional
    //      ?schema=NAME keeps the tables in that schema, created when missing; see DatabaseUrl).
    // Opens and checks the connection; returns nullptr and sets *error on failure. Does not migrate.
    static std::unique_ptr<Database> open(const QString &url, QString *error);
    ~Database();

    // The connection for the calling thread (created on first use; removed when that QThread
    // finishes, or with the Database). Do not keep copies across threads.
    QSqlDatabase connection();
    bool isPostgres() const;
    // A cheap round trip, for /readyz. A broken connection is reopened once before giving up, so a
    // database that comes back is usable again without restarting spkd.
    bool ping();
    // The URL without its password, for logs and diagnostics.
    QString describe() const;

    int schemaVersion();
    int latestSchemaVersion() const;
    // Applies every pending migration; returns false and sets *error on failure (nothing half-applied).
    bool migrate(QString *error);

private:
    Database() = default;
    struct Private;
    std::unique_ptr<Private> d_;
};

} // namespace spk::server
