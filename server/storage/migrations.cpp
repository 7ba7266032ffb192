#include "server/storage/migrations.h"

#include "server/storage/database.h"
#include "server/storage/sql_support.h"

#include <QSqlError>

namespace spk::server {
namespace {

QList<Migration> buildMigrations()
{
    QList<Migration> list;
    list.append(Migration{
        1,
        QStringLiteral("users, devices, sessions, transcripts, audit log, revoked tokens"),
        {
            QStringLiteral("CREATE TABLE users ("
                           " id {ID},"
                           " username TEXT NOT NULL UNIQUE,"
                           " role TEXT NOT NULL,"
                           " password_hash TEXT NOT NULL,"
                           " created_at BIGINT NOT NULL)"),
            // owner_id has no ON DELETE action: a user who still owns devices cannot be deleted.
            QStringLiteral("CREATE TABLE devices ("
                           " id TEXT PRIMARY KEY,"
                           " name TEXT NOT NULL,"
                           " owner_id BIGINT NOT NULL REFERENCES users(id),"
                           " secret_hash TEXT NOT NULL,"
                           " online INTEGER NOT NULL DEFAULT 0,"
                           " volume INTEGER,"
                           " battery INTEGER,"
                           " temperature DOUBLE PRECISION,"
                           " firmware TEXT NOT NULL DEFAULT '',"
                           " last_seen BIGINT,"
                           " created_at BIGINT NOT NULL,"
                           " updated_at BIGINT NOT NULL,"
                           " desired_config TEXT NOT NULL DEFAULT '{}',"
                           " config_request_id TEXT NOT NULL DEFAULT '',"
                           " config_pending INTEGER NOT NULL DEFAULT 0)"),
            QStringLiteral("CREATE INDEX devices_owner_idx ON devices (owner_id, id)"),
            QStringLiteral("CREATE TABLE sessions ("
                           " id {ID},"
                           " device_id TEXT NOT NULL REFERENCES devices(id) ON DELETE CASCADE,"
                           " device_session_id TEXT NOT NULL,"
                           " status TEXT NOT NULL,"
                           " user_query TEXT NOT NULL DEFAULT '',"
                           " ai_response TEXT NOT NULL DEFAULT '',"
                           " failure_reason TEXT NOT NULL DEFAULT '',"
                           " timings TEXT NOT NULL DEFAULT '{}',"
                           " user_audio_path TEXT NOT NULL DEFAULT '',"
                           " assistant_audio_path TEXT NOT NULL DEFAULT '',"
                           " created_at BIGINT NOT NULL,"
                           " ended_at BIGINT,"
                           " UNIQUE (device_id, device_session_id))"),
            QStringLiteral("CREATE INDEX sessions_device_id_idx ON sessions (device_id, id)"),
            QStringLiteral("CREATE INDEX sessions_device_created_idx ON sessions (device_id, created_at)"),
            QStringLiteral("CREATE INDEX sessions_created_idx ON sessions (created_at)"),
            QStringLiteral("CREATE INDEX sessions_active_idx ON sessions (id) WHERE status = 'active'"),
            QStringLiteral("CREATE TABLE transcripts ("
                           " id {ID},"
                           " session_id BIGINT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
                           " text TEXT NOT NULL,"
                           " is_final INTEGER NOT NULL,"
                           " at BIGINT NOT NULL)"),
            QStringLiteral("CREATE INDEX transcripts_session_idx ON transcripts (session_id, id)"),
            // No foreign keys: the audit trail outlives the users and objects it mentions.
            QStringLiteral("CREATE TABLE audit_logs ("
                           " id {ID},"
                           " at BIGINT NOT NULL,"
                           " actor_id BIGINT NOT NULL DEFAULT 0,"
                           " actor_name TEXT NOT NULL DEFAULT '',"
                           " action TEXT NOT NULL,"
                           " object_type TEXT NOT NULL DEFAULT '',"
                           " object_id TEXT NOT NULL DEFAULT '',"
                           " source TEXT NOT NULL DEFAULT '',"
                           " details TEXT NOT NULL DEFAULT '{}')"),
            QStringLiteral("CREATE TABLE revoked_tokens ("
                           " jti TEXT PRIMARY KEY,"
                           " expires_at BIGINT NOT NULL)"),
            QStringLiteral("CREATE INDEX revoked_tokens_expires_idx ON revoked_tokens (expires_at)"),
        },
    });
    // The applied value of every config key has a column (spk::wire::kConfigKeys); volume had one.
    list.append(Migration{
        2,
        QStringLiteral("devices: applied muted"),
        {QStringLiteral("ALTER TABLE devices ADD COLUMN muted INTEGER")},
    });
    list.append(Migration{
        3,
        QStringLiteral("devices: applied led_brightness"),
        {QStringLiteral("ALTER TABLE devices ADD COLUMN led_brightness INTEGER")},
    });
    // Bridge replicas (docs/replicas.md): who owns a session, who is alive, who holds a device's
    // /ws/audio. Additive only, so the previous release keeps running during a rolling upgrade.
    list.append(Migration{
        4,
        QStringLiteral("bridge replicas: sessions.bridge_id, bridges, audio_links"),
        {
            QStringLiteral("ALTER TABLE sessions ADD COLUMN bridge_id TEXT"),
            QStringLiteral(
                "CREATE INDEX sessions_bridge_active_idx ON sessions (bridge_id) WHERE status = 'active'"),
            QStringLiteral("CREATE TABLE bridges ("
                           " id TEXT PRIMARY KEY,"
                           " instance TEXT NOT NULL,"
                           " started_at BIGINT NOT NULL,"
                           " heartbeat_at BIGINT NOT NULL)"),
            QStringLiteral("CREATE TABLE audio_links ("
                           " device_id TEXT PRIMARY KEY,"
                           " bridge_id TEXT NOT NULL,"
                           " connected_at BIGINT NOT NULL)"),
            QStringLiteral("CREATE INDEX audio_links_bridge_idx ON audio_links (bridge_id)"),
        },
    });
    // Issue 10: a role or password change ends the user's tokens everywhere and for good (docs/protocol.md
    // §1.6). Additive: the previous release ignores the column.
    list.append(Migration{
        5,
        QStringLiteral("users: token_epoch"),
        {QStringLiteral("ALTER TABLE users ADD COLUMN token_epoch BIGINT NOT NULL DEFAULT 0")},
    });
    return list;
}

QString forDialect(const Database &db, QString statement)
{
    // AUTOINCREMENT on SQLite so ids are never reused (the session and audit cursors rely on it).
    statement.replace(QLatin1String("{ID}"),
                      db.isPostgres() ? QLatin1String("BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY")
                                      : QLatin1String("INTEGER PRIMARY KEY AUTOINCREMENT"));
    return statement;
}

bool ensureVersionTable(Database &db, QString *error)
{
    QSqlDatabase c = db.connection();
    QSqlQuery q(c);
    if (q.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version ("
                              " version INTEGER PRIMARY KEY,"
                              " description TEXT NOT NULL,"
                              " applied_at BIGINT NOT NULL)")))
        return true;
    if (error)
        *error = QStringLiteral("cannot create schema_version: ") + q.lastError().text();
    return false;
}

int maxVersion(QSqlDatabase &c)
{
    QSqlQuery q(c);
    if (!q.exec(QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_version")) || !q.next())
        return -1;
    return q.value(0).toInt();
}

bool applyOne(Database &db, const Migration &m, QString *error)
{
    sql::Transaction tx(db);
    if (!tx.isActive()) {
        *error = QStringLiteral("cannot begin a transaction");
        return false;
    }
    QSqlDatabase &c = tx.connection();
    // Two spkd processes starting together: the second waits here, then sees the step as done.
    if (db.isPostgres() && !sql::execDirect(c, QStringLiteral("LOCK TABLE schema_version IN EXCLUSIVE MODE"),
                                            "lock schema_version")) {
        *error = QStringLiteral("cannot lock schema_version");
        return false;
    }
    const int current = maxVersion(c);
    if (current < 0) {
        *error = QStringLiteral("cannot read schema_version");
        return false;
    }
    if (current >= m.version)
        return true;
    for (const QString &statement : m.statements) {
        QSqlQuery q(c);
        if (!q.exec(forDialect(db, statement))) {
            *error = QStringLiteral("migration %1 (%2) failed: %3")
                         .arg(m.version)
                         .arg(m.description, q.lastError().text());
            return false;
        }
    }
    QSqlQuery record(c);
    record.prepare(
        QStringLiteral("INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)"));
    record.addBindValue(m.version);
    record.addBindValue(m.description);
    record.addBindValue(sql::nowMs());
    if (!record.exec()) {
        *error =
            QStringLiteral("cannot record migration %1: %2").arg(m.version).arg(record.lastError().text());
        return false;
    }
    if (!tx.commit()) {
        *error = QStringLiteral("cannot commit migration %1").arg(m.version);
        return false;
    }
    qCInfo(lcStorage) << "applied migration" << m.version << m.description;
    return true;
}

} // namespace

const QList<Migration> &schemaMigrations()
{
    static const QList<Migration> migrations = buildMigrations();
    return migrations;
}

bool runMigrations(Database &db, const QList<Migration> &migrations, QString *error)
{
    QString localError;
    QString *err = error ? error : &localError;
    int previous = 0;
    for (const Migration &m : migrations) { // checked before anything runs
        if (m.version <= previous) {
            *err = QStringLiteral("migrations out of order at version %1").arg(m.version);
            return false;
        }
        previous = m.version;
    }
    if (!ensureVersionTable(db, err))
        return false;
    for (const Migration &m : migrations) {
        if (!applyOne(db, m, err)) {
            qCWarning(lcStorage) << "migration failed:" << *err;
            return false;
        }
    }
    return true;
}

int recordedSchemaVersion(Database &db)
{
    QSqlDatabase c = db.connection();
    // A database that was never migrated has no schema_version table yet: version 0.
    QSqlQuery exists(c);
    const QString probe =
        db.isPostgres()
            ? QStringLiteral("SELECT CASE WHEN to_regclass('schema_version') IS NULL THEN 0 ELSE 1 END")
            : QStringLiteral(
                  "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'");
    if (!exists.exec(probe) || !exists.next())
        return -1;
    if (exists.value(0).toInt() == 0)
        return 0;
    return maxVersion(c);
}

} // namespace spk::server
