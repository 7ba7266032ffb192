#pragma once
#include "server/storage/records.h"
#include "shared/protocol/device_messages.h"

#include <QList>
#include <QStringList>
#include <utility>
#include <vector>

namespace spk::server {
class Database;

class DeviceStore
{
public:
    explicit DeviceStore(Database &db) : db_(db) {}
    // Conflict when the id exists; NotFound when ownerId is not a user; Error for an id that breaks
    // spk::proto::isValidDeviceId or an empty name/secret hash.
    StoreResult create(const QString &id, const QString &name, qint64 ownerId, const QString &secretHash);
    std::optional<DeviceRecord> find(const QString &id);
    // All devices, or one owner's; ordered by id.
    QList<DeviceRecord> list(std::optional<qint64> ownerId = std::nullopt);
    StoreResult remove(const QString &id); // NotFound when absent; the device's sessions go with it
    int count();                           // -1 on a database error
    // A new secret digest (rotation): the old secret stops working. NotFound for an unknown device.
    StoreResult setSecretHash(const QString &id, const QString &secretHash);
    // Every device's (id, secret digest), ordered by id, for the broker's credentials; false on a
    // database error.
    bool secretDigests(std::vector<std::pair<QString, QString>> *out);

    // One status report and when a gateway received it.
    struct StatusReport
    {
        QString deviceId;
        spk::proto::DeviceStatus status;
        QDateTime receivedAt;
    };
    // Applies many status reports in one transaction (status ingestion batches them). Fields absent
    // from a report keep their value; last_seen is set to the report's time. A report older than the
    // device's last_seen is skipped: gateway replicas flush their batches at different moments, and a
    // device's newer report, stored first by one of them, must not be overwritten by an older one.
    // Unknown ids are skipped. Returns false on a database error (then nothing is applied). When
    // onlineChanged is given, it receives the ids whose online flag actually flipped.
    bool applyStatusReports(const std::vector<StatusReport> &reports, QStringList *onlineChanged = nullptr);
    // The same for reports all received at `at`.
    bool applyStatuses(const std::vector<std::pair<QString, spk::proto::DeviceStatus>> &reports,
                       const QDateTime &at, QStringList *onlineChanged = nullptr);

    // Merges patch into the stored desired config (one transaction, so concurrent changes do not lose
    // each other's keys) and persists it with its request id, pending; *merged receives the result.
    // NotFound for an unknown device; Error for an empty patch or an empty request id.
    StoreResult setDesiredConfig(const QString &id, const spk::wire::DeviceConfig &patch,
                                 const QString &requestId, spk::wire::DeviceConfig *merged = nullptr);
    // The device acknowledged requestId: when it is the request the device was last sent, clears
    // pending and stores the applied values (each key's applied column, kConfigKeys) in the device row;
    // unset keys keep their value. Any other request id (older, or made up) is a Conflict and changes
    // nothing: only the pending request's ack counts. NotFound for an unknown device.
    StoreResult markConfigApplied(const QString &id, const QString &requestId,
                                  const spk::wire::DeviceConfig &applied);

    Database &database() const { return db_; }

private:
    Database &db_;
};

} // namespace spk::server
