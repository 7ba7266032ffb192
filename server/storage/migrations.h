#pragma once
// The versioned schema. Each migration runs in one transaction together with its schema_version row,
// so a failed step leaves the database exactly at the previous version.
#include <QList>
#include <QString>
#include <QStringList>

namespace spk::server {
class Database;

struct Migration
{
    int version = 0;
    QString description;
    // Portable SQL; "{ID}" becomes the dialect's auto-increment BIGINT primary key.
    QStringList statements;
};

// spkd's migrations, in version order. Append only: never edit one that has shipped.
const QList<Migration> &schemaMigrations();

// Applies the migrations above the recorded version (tests pass their own list).
bool runMigrations(Database &db, const QList<Migration> &migrations, QString *error);
// The highest recorded version, 0 for an empty database, -1 on error.
int recordedSchemaVersion(Database &db);

} // namespace spk::server
