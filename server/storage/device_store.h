#pragma once
#include "server/storage/records.h"
#include "shared/protocol/device_messages.h"

#include <QList>
#include <utility>
#include <vector>

namespace spk::server {
class Database;

class DeviceStore
{
public:
    explicit DeviceStore(Database &db) : db_(db) {}
    // Conflict when the id exists; NotFound when ownerId is not a user.
    StoreResult create(const QString &id, const QString &name, qint64 ownerId, const QString &secretHash);
    std::optional<DeviceRecord> find(const QString &id);
    // All devices, or one owner's; ordered by id.
    QList<DeviceRecord> list(std::optional<qint64> ownerId = std::nullopt);
    StoreResult remove(const QString &id);
    int count();

    // Applies many status reports in one transaction (status ingestion batches them). Fields absent
    // from a report keep their value; last_seen is set to the report's time. Unknown ids are skipped.
    // Returns false on a database error.
    bool applyStatuses(const std::vector<std::pair<QString, spk::proto::DeviceStatus>> &reports,
                       const QDateTime &at);

    // Persists the desired config (merged into the previous one) with its request id, pending.
    StoreResult setDesiredConfig(const QString &id, const QJsonObject &config, const QString &requestId);
    // The device acknowledged requestId: clears pending when it is still the latest request, and stores
    // the applied values (volume, …) in the device row.
    StoreResult markConfigApplied(const QString &id, const QString &requestId, const QJsonObject &applied);

private:
    Database &db_;
};

} // namespace spk::server
