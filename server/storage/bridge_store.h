#pragma once
// Bridge replicas in the shared database (docs/replicas.md): one heartbeat row per live bridge, and
// which bridge holds each device's /ws/audio. A bridge whose heartbeat is older than the dead-after
// time is lost; any survivor may then fail its sessions and forget it (every step is idempotent, so
// two survivors doing it at once is harmless).
#include "server/storage/records.h"

#include <QString>
#include <QStringList>
#include <optional>

namespace spk::server {
class Database;

class BridgeStore
{
public:
    explicit BridgeStore(Database &db) : db_(db) {}

    // Registers bridgeId for this process (instance: unique per process start). Conflict when another
    // process with the same id beat within deadAfterMs: two live bridges must not share an id.
    StoreResult claim(const QString &bridgeId, const QString &instance, qint64 deadAfterMs);
    // Refreshes the heartbeat; NotFound when a survivor has meanwhile declared this bridge lost (or
    // another process took the id): the caller must re-claim.
    StoreResult heartbeat(const QString &bridgeId, const QString &instance);
    // Ids with a heartbeat within deadAfterMs, sorted; nullopt on a database error.
    std::optional<QStringList> alive(qint64 deadAfterMs);
    // Ids whose heartbeat is older than deadAfterMs.
    std::optional<QStringList> lost(qint64 deadAfterMs);
    // Forgets a bridge (on clean shutdown, or once it is declared lost) and its /ws/audio links.
    bool remove(const QString &bridgeId);

    // The device's /ws/audio is on bridgeId (replacing any older link).
    bool linkAudio(const QString &deviceId, const QString &bridgeId);
    // Drops the link only if it still names bridgeId (the device may already be on another bridge).
    bool unlinkAudio(const QString &deviceId, const QString &bridgeId);
    // The bridge holding the device's /ws/audio, if any.
    std::optional<QString> audioLinkOf(const QString &deviceId);

private:
    Database &db_;
};

} // namespace spk::server
