#pragma once
#include "server/storage/records.h"

#include <QList>
#include <QStringList>

namespace spk::server {
class Database;

struct SessionFilter
{
    QStringList deviceIds;          // empty = all; otherwise restrict to these (visibility)
    bool restrictToDevices = false; // true: deviceIds is an allow-list even when empty
    QString deviceId;
    QString status;
    QDateTime from, to; // on created_at, both inclusive; invalid = unbounded
    qint64 before = 0;  // cursor: sessions with id < before
    int limit = 50;     // 1–500 (clamped)
};

struct TranscriptRecord
{
    qint64 sessionId = 0;
    QString text;
    bool isFinal = false;
    QDateTime at;
};

class SessionStore
{
public:
    explicit SessionStore(Database &db) : db_(db) {}
    // Conflict when (deviceId, deviceSessionId) exists; NotFound when the device does not.
    // The new session is 'active', created now, owned by bridgeId; *id is the server-assigned id.
    StoreResult create(const QString &deviceId, const QString &deviceSessionId, const QString &bridgeId,
                       qint64 *id);
    std::optional<SessionRecord> find(qint64 id);
    std::optional<SessionRecord> findByDeviceSession(const QString &deviceId, const QString &deviceSessionId);
    // Newest first. *next is the cursor for the following page (0 when none).
    QList<SessionRecord> list(const SessionFilter &filter, qint64 *next);

    // A null QString keeps that text as it is (set the query first, the response later).
    // Every setter returns NotFound for an unknown session id.
    StoreResult setTexts(qint64 id, const QString &userQuery, const QString &aiResponse);
    StoreResult setTiming(qint64 id, const QString &stage, qint64 ms);              // merged into timings
    StoreResult setAudioPath(qint64 id, const QString &track, const QString &path); // track: user|assistant
    // status: completed|failed (Error otherwise). Conflict when the session has already ended, so a
    // timeout and a late session_end cannot both finish it.
    StoreResult finish(qint64 id, const QString &status, const QString &failureReason = {});
    StoreResult addTranscript(qint64 id, const QString &text, bool isFinal);
    QList<TranscriptRecord> transcripts(qint64 id);
    // The device's last n completed turns, oldest first (dialogue context).
    QList<SessionRecord> recentTurns(const QString &deviceId, int n);
    // Sessions of bridgeId still 'active' become 'failed' with reason: "server_restart" when that bridge
    // starts again (sessions from before replicas, without an owner, too), "bridge_lost" when another
    // bridge finds it dead. Returns how many; -1 on a database error.
    int failActiveSessions(const QString &bridgeId, const QString &reason);

private:
    Database &db_;
};

} // namespace spk::server
