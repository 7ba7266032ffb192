#pragma once
// Typed views of the REST objects (protocol.md §1). fromJson is tolerant: unknown fields are ignored
// (kept in `raw`), missing ones stay at their defaults, ids may arrive as numbers or numeric strings.
#include "shared/wire/device_config.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <optional>

namespace spk::client {

struct User
{
    qint64 id = 0;
    QString username;
    QString role; // admin | support | user
    QDateTime createdAt;
    QJsonObject raw;

    static User fromJson(const QJsonObject &o);
    // Reads {"users":[…]} or a bare array.
    static QList<User> listFromJson(const QJsonValue &v);
};

struct LoginResult
{
    QString token;
    QDateTime expiresAt;
    User user;

    static LoginResult fromJson(const QJsonObject &o);
};

struct Device
{
    QString id;
    QString name;
    qint64 ownerId = 0;
    bool online = false;
    spk::wire::DeviceConfig applied; // what the device reports running, per config key (volume, muted, …)
    std::optional<int> battery;
    std::optional<double> temperature;
    QString firmware;
    QDateTime lastSeen; // invalid when never seen
    QDateTime createdAt;
    QDateTime updatedAt;
    QJsonObject config;         // the config last set by people (server addition)
    bool configPending = false; // config not yet acknowledged by the device
    QString secret;             // only in the answer to POST /api/devices
    QJsonObject raw;

    static Device fromJson(const QJsonObject &o);
    // Reads {"devices":[…]} or a bare array.
    static QList<Device> listFromJson(const QJsonValue &v);
};

// One exchange of a session: what the person said and what the speaker answered.
struct SessionTurn
{
    QString role; // "user" | "assistant" (or whatever the server sends)
    QString text;
    bool isFinal = true;
    QDateTime at;
    QJsonObject raw;

    static SessionTurn fromJson(const QJsonObject &o);
};

struct Session
{
    qint64 id = 0;
    QString deviceId;
    QString deviceSessionId;
    QString status; // active | completed | failed
    QString userQuery;
    QString aiResponse;
    std::optional<qint64> durationMs;
    QDateTime createdAt;
    QDateTime endedAt;
    QString failureReason; // set for failed sessions
    bool hasUserAudio = false;
    bool hasAssistantAudio = false;
    QList<SessionTurn> turns;              // only from GET /api/sessions/{id}
    QList<QPair<QString, qint64>> timings; // stage -> ms, ordered by ms
    QJsonObject raw;

    static Session fromJson(const QJsonObject &o);
};

// One page of GET /api/sessions; next is the cursor for the following page (empty = last page).
struct SessionPage
{
    QList<Session> sessions;
    QString next;

    static SessionPage fromJson(const QJsonObject &o);
};

struct AuditEntry
{
    qint64 id = 0;
    QDateTime at;
    qint64 actorId = 0;
    QString actor;  // actor's username when known
    QString action; // e.g. "device.config"
    QString objectType;
    QString objectId;
    QString source; // client address
    QJsonObject details;
    QJsonObject raw;

    static AuditEntry fromJson(const QJsonObject &o);
    // Reads {"entries":[…]} or a bare array.
    static QList<AuditEntry> listFromJson(const QJsonValue &v);
};

// Tolerant field readers, shared by the models and by programs reading ad-hoc JSON.
namespace json {
QString string(const QJsonObject &o, const QString &key); // numbers become their decimal text
qint64 int64(const QJsonObject &o, const QString &key, qint64 fallback = 0);
std::optional<qint64> optionalInt64(const QJsonObject &o, const QString &key);
std::optional<double> optionalNumber(const QJsonObject &o, const QString &key);
QDateTime dateTime(const QJsonObject &o, const QString &key); // RFC 3339 or epoch ms; invalid otherwise
} // namespace json

} // namespace spk::client
