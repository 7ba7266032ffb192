#pragma once
// Changing a device's config (seed scene 2), one use case in one place: the typed patch is merged
// into the stored desired config, persisted (pending, with a new request_id), audited, published
// retained at QoS 1 on device/{id}/config, and — when the caller waits — its ack is tracked and
// answered. Used by PUT /api/devices/{id}/config, the spoken "set the volume" (bridge) and bulk jobs.
// In the process that consumes acks (the gateway), trackAcks() also records every config/ack: the
// applied values into the device row, then configApplied for caches and live watchers.
#include "shared/wire/device_config.h"

#include <QObject>
#include <QString>
#include <functional>

namespace spk::server {
class DeviceStore;
class AuditLog;
struct AuditActor;
class DeviceCommands;

class DeviceConfigService : public QObject
{
    Q_OBJECT
public:
    enum class Outcome {
        Sent,              // persisted, audited and published
        UnknownDevice,     // no such device: nothing changed
        InvalidConfig,     // an empty patch: nothing changed
        StoreFailed,       // the database refused: nothing changed
        BrokerUnavailable, // persisted and audited; delivered once the broker takes it (retained)
    };
    struct Result
    {
        Outcome outcome = Outcome::StoreFailed;
        QString requestId;
        spk::wire::DeviceConfig config; // the merged desired config (when persisted)
    };
    // acked = false on timeout; config = the desired config with what the device reported applying.
    using Completion =
        std::function<void(bool acked, const spk::wire::DeviceConfig &config, const QString &requestId)>;

    DeviceConfigService(DeviceStore &store, AuditLog &audit, DeviceCommands &commands,
                        QObject *parent = nullptr);

    // done (optional) runs once: on the device's ack or on the ack timeout, and only when the outcome
    // is Sent.
    Result change(const QString &deviceId, const spk::wire::DeviceConfig &patch, const AuditActor &actor,
                  Completion done = {});

    // Records every config ack DeviceCommands sees (call once, in the process that consumes acks).
    void trackAcks();

signals:
    // A config ack was stored: the device runs `applied` (the keys its ack reported).
    void configApplied(const QString &deviceId, const QString &requestId,
                       const spk::wire::DeviceConfig &applied);

private:
    // False when the ack did not count (not the pending request, or the store failed).
    bool recordAck(const QString &deviceId, const QString &requestId, const spk::wire::DeviceConfig &applied);

    DeviceStore &store_;
    AuditLog &audit_;
    DeviceCommands &commands_;
};

} // namespace spk::server
