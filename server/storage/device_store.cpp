#include "server/storage/device_store.h"

#include "server/storage/database.h"
#include "server/storage/sql_support.h"
#include "shared/protocol/ids.h"

#include <QHash>
#include <QSet>

namespace spk::server {
namespace {

using spk::wire::ConfigKey;
using spk::wire::DeviceConfig;
using spk::wire::kConfigKeys;

// The fixed columns, then one applied-value column per config key (kConfigKeys order).
constexpr int kFixedColumns = 14;
QString deviceColumns()
{
    QString columns =
        QStringLiteral("id, name, owner_id, secret_hash, online, battery, temperature, firmware,"
                       " last_seen, created_at, updated_at, desired_config, config_request_id,"
                       " config_pending");
    for (const ConfigKey &k : kConfigKeys)
        columns += QStringLiteral(", ") + QLatin1String(k.appliedColumn);
    return columns;
}
const QString kColumns = deviceColumns();

template <typename T> std::optional<T> optionalFrom(const QVariant &v)
{
    if (v.isNull())
        return std::nullopt;
    return v.value<T>();
}

DeviceRecord deviceFrom(const QSqlQuery &q)
{
    DeviceRecord d;
    d.id = q.value(0).toString();
    d.name = q.value(1).toString();
    d.ownerId = q.value(2).toLongLong();
    d.secretHash = q.value(3).toString();
    d.online = q.value(4).toInt() != 0;
    d.battery = optionalFrom<int>(q.value(5));
    d.temperature = optionalFrom<double>(q.value(6));
    d.firmware = q.value(7).toString();
    d.lastSeen = sql::toTime(q.value(8));
    d.createdAt = sql::toTime(q.value(9));
    d.updatedAt = sql::toTime(q.value(10));
    d.desiredConfig = sql::toJson(q.value(11));
    d.configRequestId = q.value(12).toString();
    d.configPending = q.value(13).toInt() != 0;
    int column = kFixedColumns;
    for (const ConfigKey &k : kConfigKeys)
        if (const auto v = optionalFrom<int>(q.value(column++)))
            k.set(d.applied, *v);
    return d;
}

// " col = COALESCE(?, col)," for each config key's applied column: a report sets what it carries.
QString appliedAssignments()
{
    QString assignments;
    for (const ConfigKey &k : kConfigKeys)
        assignments += QStringLiteral(" %1 = COALESCE(?, %1),").arg(QLatin1String(k.appliedColumn));
    return assignments;
}

void bindApplied(QSqlQuery &q, const DeviceConfig &applied)
{
    for (const ConfigKey &k : kConfigKeys)
        q.addBindValue(sql::fromOptional(k.get(applied)));
}

QVariant optionalBool(const std::optional<bool> &v)
{
    return v ? QVariant(*v ? 1 : 0) : QVariant();
}

// The online flag of every known device that the reports set it for, read in chunks of ids.
bool readOnlineFlags(QSqlDatabase &c, const std::vector<DeviceStore::StatusReport> &reports,
                     QHash<QString, bool> *out)
{
    constexpr int kChunk = 500;
    QStringList ids;
    for (const auto &r : reports)
        if (r.status.online)
            ids.append(r.deviceId);
    ids.removeDuplicates();
    for (qsizetype start = 0; start < ids.size(); start += kChunk) {
        const QStringList chunk = ids.mid(start, kChunk);
        QStringList marks;
        for (qsizetype i = 0; i < chunk.size(); ++i)
            marks << QStringLiteral("?");
        QSqlQuery q(c);
        if (!sql::prepare(
                q, QStringLiteral("SELECT id, online FROM devices WHERE id IN (%1)").arg(marks.join(',')),
                "read online flags"))
            return false;
        for (const QString &id : chunk)
            q.addBindValue(id);
        if (!sql::exec(q, "read online flags"))
            return false;
        while (q.next())
            out->insert(q.value(0).toString(), q.value(1).toInt() != 0);
    }
    return true;
}

} // namespace

StoreResult DeviceStore::create(const QString &id, const QString &name, qint64 ownerId,
                                const QString &secretHash)
{
    if (!spk::proto::isValidDeviceId(id) || name.isEmpty() || secretHash.isEmpty()) {
        qCWarning(lcStorage) << "device create: invalid id, empty name or empty secret hash";
        return StoreResult::Error;
    }
    QSqlQuery q(db_.connection());
    if (!sql::prepare(
            q,
            QStringLiteral("INSERT INTO devices (id, name, owner_id, secret_hash, created_at, updated_at)"
                           " VALUES (?, ?, ?, ?, ?, ?)"),
            "device create"))
        return StoreResult::Error;
    const qint64 now = sql::nowMs();
    q.addBindValue(id);
    q.addBindValue(name);
    q.addBindValue(ownerId);
    q.addBindValue(secretHash);
    q.addBindValue(now);
    q.addBindValue(now);
    if (sql::exec(q, "device create"))
        return StoreResult::Ok;
    return sql::insertFailure(q.lastError());
}

std::optional<DeviceRecord> DeviceStore::find(const QString &id)
{
    QSqlQuery q(db_.connection());
    if (!sql::prepare(q, QStringLiteral("SELECT %1 FROM devices WHERE id = ?").arg(kColumns), "device find"))
        return std::nullopt;
    q.addBindValue(id);
    if (!sql::exec(q, "device find") || !q.next())
        return std::nullopt;
    return deviceFrom(q);
}

QList<DeviceRecord> DeviceStore::list(std::optional<qint64> ownerId)
{
    QList<DeviceRecord> devices;
    QSqlQuery q(db_.connection());
    const QString where = ownerId ? QStringLiteral(" WHERE owner_id = ?") : QString();
    if (!sql::prepare(q, QStringLiteral("SELECT %1 FROM devices%2 ORDER BY id").arg(kColumns, where),
                      "device list"))
        return devices;
    if (ownerId)
        q.addBindValue(*ownerId);
    if (!sql::exec(q, "device list"))
        return devices;
    while (q.next())
        devices.append(deviceFrom(q));
    return devices;
}

StoreResult DeviceStore::remove(const QString &id)
{
    QSqlQuery q(db_.connection());
    if (!sql::prepare(q, QStringLiteral("DELETE FROM devices WHERE id = ?"), "device remove"))
        return StoreResult::Error;
    q.addBindValue(id);
    if (!sql::exec(q, "device remove"))
        return StoreResult::Error;
    return q.numRowsAffected() > 0 ? StoreResult::Ok : StoreResult::NotFound;
}

StoreResult DeviceStore::setSecretHash(const QString &id, const QString &secretHash)
{
    if (secretHash.isEmpty())
        return StoreResult::Error;
    QSqlQuery q(db_.connection());
    if (!sql::prepare(q, QStringLiteral("UPDATE devices SET secret_hash = ? WHERE id = ?"), "device secret"))
        return StoreResult::Error;
    q.addBindValue(secretHash);
    q.addBindValue(id);
    if (!sql::exec(q, "device secret"))
        return StoreResult::Error;
    return q.numRowsAffected() > 0 ? StoreResult::Ok : StoreResult::NotFound;
}

bool DeviceStore::secretDigests(std::vector<std::pair<QString, QString>> *out)
{
    out->clear();
    QSqlQuery q(db_.connection());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT id, secret_hash FROM devices ORDER BY id")))
        return false;
    while (q.next())
        out->emplace_back(q.value(0).toString(), q.value(1).toString());
    return true;
}

int DeviceStore::count()
{
    QSqlQuery q(db_.connection());
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM devices")) || !q.next())
        return -1;
    return q.value(0).toInt();
}

bool DeviceStore::applyStatuses(const std::vector<std::pair<QString, spk::proto::DeviceStatus>> &reports,
                                const QDateTime &at, QStringList *onlineChanged)
{
    std::vector<StatusReport> stamped;
    stamped.reserve(reports.size());
    const QDateTime when = at.isValid() ? at : QDateTime::currentDateTimeUtc();
    for (const auto &[id, status] : reports)
        stamped.push_back({id, status, when});
    return applyStatusReports(stamped, onlineChanged);
}

bool DeviceStore::applyStatusReports(const std::vector<StatusReport> &reports, QStringList *onlineChanged)
{
    if (reports.empty())
        return true;
    sql::Transaction tx(db_);
    if (!tx.isActive())
        return false;
    // Prepared once, executed per report: the batch is one transaction and one statement plan.
    QSqlQuery update(tx.connection());
    if (!sql::prepare(update,
                      QStringLiteral("UPDATE devices SET"
                                     " online = COALESCE(?, online), battery = COALESCE(?, battery),%1"
                                     " temperature = COALESCE(?, temperature),"
                                     " firmware = COALESCE(?, firmware), last_seen = ?, updated_at = ?"
                                     " WHERE id = ? AND (last_seen IS NULL OR last_seen <= ?)")
                          .arg(appliedAssignments()),
                      "apply statuses"))
        return false;
    QHash<QString, bool> online; // current flags, only fetched when the caller wants the flips
    if (onlineChanged && !readOnlineFlags(tx.connection(), reports, &online))
        return false;

    QStringList flipped;
    QSet<QString> flippedSet;
    for (const auto &[id, status, receivedAt] : reports) {
        const QVariant when =
            sql::fromTime(receivedAt.isValid() ? receivedAt : QDateTime::currentDateTimeUtc());
        if (onlineChanged && status.online && online.contains(id)) {
            if (online.value(id) != *status.online && !flippedSet.contains(id)) {
                flippedSet.insert(id);
                flipped.append(id);
            }
            online.insert(id, *status.online);
        }
        update.addBindValue(optionalBool(status.online));
        update.addBindValue(sql::fromOptional(status.battery));
        bindApplied(update, status.config);
        update.addBindValue(sql::fromOptional(status.temperature));
        update.addBindValue(sql::fromOptional(status.firmware));
        update.addBindValue(when);
        update.addBindValue(when);
        update.addBindValue(id);
        update.addBindValue(when);
        if (!sql::exec(update, "apply statuses"))
            return false;
    }
    if (!tx.commit())
        return false;
    if (onlineChanged)
        *onlineChanged = flipped;
    return true;
}

StoreResult DeviceStore::setDesiredConfig(const QString &id, const DeviceConfig &patch,
                                          const QString &requestId, DeviceConfig *mergedOut)
{
    if (patch.isEmpty() || requestId.isEmpty()) {
        qCWarning(lcStorage) << "set desired config: empty config or request id";
        return StoreResult::Error;
    }
    sql::Transaction tx(db_);
    if (!tx.isActive())
        return StoreResult::Error;
    QSqlQuery read(tx.connection());
    if (!sql::prepare(read,
                      QStringLiteral("SELECT desired_config FROM devices WHERE id = ?") + sql::forUpdate(db_),
                      "set desired config"))
        return StoreResult::Error;
    read.addBindValue(id);
    if (!sql::exec(read, "set desired config"))
        return StoreResult::Error;
    if (!read.next())
        return StoreResult::NotFound;
    const DeviceConfig merged = spk::proto::readConfigValues(sql::toJson(read.value(0))).mergedWith(patch);
    read.finish();

    QSqlQuery write(tx.connection());
    if (!sql::prepare(write,
                      QStringLiteral("UPDATE devices SET desired_config = ?, config_request_id = ?,"
                                     " config_pending = 1, updated_at = ? WHERE id = ?"),
                      "set desired config"))
        return StoreResult::Error;
    write.addBindValue(sql::fromJson(spk::proto::toJson(merged)));
    write.addBindValue(requestId);
    write.addBindValue(sql::nowMs());
    write.addBindValue(id);
    if (!sql::exec(write, "set desired config") || !tx.commit())
        return StoreResult::Error;
    if (mergedOut)
        *mergedOut = merged;
    return StoreResult::Ok;
}

StoreResult DeviceStore::markConfigApplied(const QString &id, const QString &requestId,
                                           const DeviceConfig &applied)
{
    sql::Transaction tx(db_);
    if (!tx.isActive())
        return StoreResult::Error;
    QSqlQuery read(tx.connection());
    if (!sql::prepare(read,
                      QStringLiteral("SELECT config_request_id, config_pending FROM devices WHERE id = ?") +
                          sql::forUpdate(db_),
                      "mark config applied"))
        return StoreResult::Error;
    read.addBindValue(id);
    if (!sql::exec(read, "mark config applied"))
        return StoreResult::Error;
    if (!read.next())
        return StoreResult::NotFound;
    // Only the ack of the request the device was last sent counts: an older or made-up request id
    // changes nothing (a device must not write what the server believes it runs).
    if (requestId.isEmpty() || read.value(0).toString() != requestId)
        return StoreResult::Conflict;
    read.finish();

    QSqlQuery write(tx.connection());
    if (!sql::prepare(write,
                      QStringLiteral("UPDATE devices SET config_pending = 0,%1 updated_at = ? WHERE id = ?")
                          .arg(appliedAssignments()),
                      "mark config applied"))
        return StoreResult::Error;
    bindApplied(write, applied);
    write.addBindValue(sql::nowMs());
    write.addBindValue(id);
    if (!sql::exec(write, "mark config applied") || !tx.commit())
        return StoreResult::Error;
    return StoreResult::Ok;
}

} // namespace spk::server
