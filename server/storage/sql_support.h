#pragma once
// Small helpers every store shares: logging, the portable value representations (UTC timestamps as
// epoch milliseconds in BIGINT columns, JSON objects as TEXT, booleans as 0/1 INTEGER), constraint
// violation classification and a write transaction that rolls back unless committed.
#include "server/storage/records.h"

#include <QDateTime>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

Q_DECLARE_LOGGING_CATEGORY(lcStorage)

namespace spk::server {
class Database;

namespace sql {

QVariant fromTime(const QDateTime &t); // NULL for an invalid time
QDateTime toTime(const QVariant &v);   // invalid for NULL
qint64 nowMs();

QString fromJson(const QJsonObject &o);
QJsonObject toJson(const QVariant &v); // {} for NULL or bad text

// NULL for nullopt; binds as the column's type on both backends.
template <typename T> QVariant fromOptional(const std::optional<T> &v)
{
    return v ? QVariant::fromValue(*v) : QVariant();
}

enum class Violation { None, Unique, ForeignKey };
// Which constraint an INSERT/UPDATE/DELETE broke, on SQLite (code 19 + message) or PostgreSQL (SQLSTATE).
Violation violationOf(const QSqlError &error);
// A failed INSERT that references a parent row: a duplicate key is a Conflict, a missing parent NotFound.
StoreResult insertFailure(const QSqlError &error);

// A statement failed for a reason other than a constraint: the calling thread's connection may be
// broken (PostgreSQL restarted, network cut). Database::connection() then checks it once and reopens.
void markConnectionSuspect();
bool takeConnectionSuspect();

// prepare() + exec(), logging the failure with `what`; false on error.
bool prepare(QSqlQuery &q, const QString &statement, const char *what);
bool exec(QSqlQuery &q, const char *what);
bool execDirect(QSqlDatabase &db, const QString &statement, const char *what);

// A write transaction on the calling thread's connection. SQLite takes the write lock up front
// (BEGIN IMMEDIATE) so concurrent writers wait on busy_timeout instead of failing with SQLITE_BUSY
// half-way. Rolls back in the destructor unless commit() succeeded.
class Transaction
{
public:
    explicit Transaction(Database &db);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    bool isActive() const { return active_; }
    QSqlDatabase &connection() { return connection_; }
    bool commit();

private:
    QSqlDatabase connection_;
    bool active_ = false;
};

// " FOR UPDATE" on PostgreSQL (row lock for read-modify-write), "" on SQLite (the write
// transaction already holds the database lock).
QString forUpdate(const Database &db);

} // namespace sql
} // namespace spk::server
