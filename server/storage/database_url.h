#pragma once
// Parses the database URL of spkd's config into the parts QtSql needs.
#include <QString>
#include <optional>

namespace spk::server {

struct DatabaseUrl
{
    enum class Kind { Sqlite, Postgres };
    Kind kind = Kind::Sqlite;

    // SQLite: a file path, or ":memory:" for a private in-memory database.
    QString path;
    bool inMemory() const { return kind == Kind::Sqlite && path == QLatin1String(":memory:"); }

    // PostgreSQL (user, password and database name are percent-decoded).
    QString host;
    int port = 5432;
    QString user;
    QString password;
    QString databaseName;
    QString schema;         // ?schema=NAME: tables live in this schema (created when missing)
    QString connectOptions; // libpq options passed through: sslmode, connect_timeout, application_name

    // Accepts "sqlite:/abs/path.db", "sqlite:relative.db", "sqlite:///abs/path.db", "sqlite::memory:",
    // "postgresql://user:password@host:port/dbname[?schema=&sslmode=&connect_timeout=&application_name=]"
    // (also "postgres://"). Returns nullopt and sets *error otherwise.
    static std::optional<DatabaseUrl> parse(const QString &url, QString *error);
    // The URL without the password, for logs.
    QString redacted() const;
};

} // namespace spk::server
