#include "server/storage/sql_support.h"

#include "server/core/dependency_faults.h"

#include "server/storage/database.h"

#include <QJsonDocument>
#include <QSqlError>
#include <utility>

Q_LOGGING_CATEGORY(lcStorage, "spk.storage")

namespace spk::server::sql {

QVariant fromTime(const QDateTime &t)
{
    return t.isValid() ? QVariant::fromValue<qint64>(t.toMSecsSinceEpoch()) : QVariant();
}

QDateTime toTime(const QVariant &v)
{
    if (v.isNull())
        return {};
    return QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC);
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QString fromJson(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QJsonObject toJson(const QVariant &v)
{
    if (v.isNull())
        return {};
    const QJsonDocument doc = QJsonDocument::fromJson(v.toString().toUtf8());
    return doc.isObject() ? doc.object() : QJsonObject();
}

StoreResult insertFailure(const QSqlError &error)
{
    switch (violationOf(error)) {
    case Violation::Unique:
        return StoreResult::Conflict;
    case Violation::ForeignKey:
        return StoreResult::NotFound;
    case Violation::None:
        break;
    }
    return StoreResult::Error;
}

Violation violationOf(const QSqlError &error)
{
    const QString code = error.nativeErrorCode();
    // PostgreSQL: SQLSTATE class 23 (integrity constraint violation).
    if (code == QLatin1String("23505"))
        return Violation::Unique;
    if (code == QLatin1String("23503"))
        return Violation::ForeignKey;
    // SQLite: SQLITE_CONSTRAINT (19), possibly as an extended code; the message names the kind.
    bool ok = false;
    const int sqliteCode = code.toInt(&ok);
    if (ok && (sqliteCode & 0xff) == 19) {
        const QString text = error.databaseText();
        if (text.contains(QLatin1String("FOREIGN KEY"), Qt::CaseInsensitive))
            return Violation::ForeignKey;
        if (text.contains(QLatin1String("UNIQUE"), Qt::CaseInsensitive) ||
            text.contains(QLatin1String("PRIMARY KEY"), Qt::CaseInsensitive))
            return Violation::Unique;
    }
    return Violation::None;
}

namespace {
thread_local bool connectionSuspect = false;
} // namespace

void markConnectionSuspect()
{
    connectionSuspect = true;
    DependencyFaultScope::noteDatabaseFailure(); // the request in flight answers 503, not "not found"
}

bool takeConnectionSuspect()
{
    return std::exchange(connectionSuspect, false);
}

bool prepare(QSqlQuery &q, const QString &statement, const char *what)
{
    if (q.prepare(statement))
        return true;
    qCWarning(lcStorage) << what << "prepare failed:" << q.lastError().text();
    markConnectionSuspect();
    return false;
}

bool exec(QSqlQuery &q, const char *what)
{
    if (q.exec())
        return true;
    // Constraint violations are expected outcomes (Conflict/NotFound); the caller reports them.
    if (violationOf(q.lastError()) == Violation::None) {
        qCWarning(lcStorage) << what << "failed:" << q.lastError().text();
        markConnectionSuspect();
    }
    return false;
}

bool execDirect(QSqlDatabase &db, const QString &statement, const char *what)
{
    QSqlQuery q(db);
    if (q.exec(statement))
        return true;
    qCWarning(lcStorage) << what << "failed:" << q.lastError().text();
    markConnectionSuspect();
    return false;
}

Transaction::Transaction(Database &db) : connection_(db.connection())
{
    if (!connection_.isOpen())
        return;
    active_ =
        execDirect(connection_, db.isPostgres() ? QStringLiteral("BEGIN") : QStringLiteral("BEGIN IMMEDIATE"),
                   "begin transaction");
}

Transaction::~Transaction()
{
    if (active_)
        execDirect(connection_, QStringLiteral("ROLLBACK"), "rollback");
}

bool Transaction::commit()
{
    if (!active_)
        return false;
    active_ = false;
    if (execDirect(connection_, QStringLiteral("COMMIT"), "commit"))
        return true;
    execDirect(connection_, QStringLiteral("ROLLBACK"), "rollback after failed commit");
    return false;
}

QString forUpdate(const Database &db)
{
    return db.isPostgres() ? QStringLiteral(" FOR UPDATE") : QString();
}

} // namespace spk::server::sql
