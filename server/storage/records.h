#pragma once
// Plain rows as the stores hand them out. Timestamps are UTC (stored as epoch milliseconds in BIGINT
// columns on both SQLite and PostgreSQL: portable, sortable, millisecond precision).
#include "shared/wire/device_config.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace spk::server {

enum class StoreResult { Ok, Conflict, NotFound, Error };

struct UserRecord
{
    qint64 id = 0;
    QString username;
    QString role; // admin | support | user
    QString passwordHash;
    QDateTime createdAt;
    qint64 tokenEpoch = 0; // goes up with every role or password change; tokens carry it
};

struct DeviceRecord
{
    QString id;
    QString name;
    qint64 ownerId = 0;
    QString secretHash;
    bool online = false;
    std::optional<int> battery;
    std::optional<double> temperature;
    QString firmware;
    QDateTime lastSeen; // invalid when never seen
    QDateTime createdAt;
    QDateTime updatedAt;
    QJsonObject desiredConfig;       // the last config people set (what the retained MQTT message carries)
    QString configRequestId;         // request_id of desiredConfig
    bool configPending = false;      // desiredConfig not yet acknowledged by the device
    spk::wire::DeviceConfig applied; // what the device last reported running, per config key
};

struct SessionRecord
{
    qint64 id = 0;
    QString deviceId;
    QString deviceSessionId;
    QString status; // active | completed | failed
    QString userQuery;
    QString aiResponse;
    QString failureReason;
    QJsonObject timings; // stage name -> ms since wake
    QString userAudioPath;
    QString assistantAudioPath;
    QDateTime createdAt;
    QDateTime endedAt;         // invalid while active
    qint64 durationMs() const; // endedAt - createdAt; 0 while active
};

struct AuditRecord
{
    qint64 id = 0;
    QDateTime at;
    qint64 actorId = 0; // 0 = the system or an anonymous caller
    QString actorName;
    QString action;     // e.g. "device.config", "user.add", "auth.login_failed"
    QString objectType; // device | user | session | auth
    QString objectId;
    QString source; // client address
    QJsonObject details;
};

} // namespace spk::server
