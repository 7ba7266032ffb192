#pragma once
#include "server/storage/records.h"

#include <QList>

namespace spk::server {
class Database;

struct SessionFilter
{
    QStringList deviceIds; // empty = all; otherwise restrict to these (visibility)
    bool restrictToDevices = false; // true: deviceIds is an allow-list even when empty
    QString deviceId;
    QString status;
    QDateTime from, to;
    qint64 before = 0; // cursor: sessions with id < before
    int limit = 50;    // 1–500
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
    // Conflict when (deviceId, deviceSessionId) exists.
    StoreResult create(const QString &deviceId, const QString &deviceSessionId, qint64 *id);
    std::optional<SessionRecord> find(qint64 id);
    std::optional<SessionRecord> findByDeviceSession(const QString &deviceId, const QString &deviceSessionId);
    // Newest first. *next is the cursor for the following page (0 when none).
    QList<SessionRecord> list(const SessionFilter &filter, qint64 *next);

    StoreResult setTexts(qint64 id, const QString &userQuery, const QString &aiResponse);
    StoreResult setTiming(qint64 id, const QString &stage, qint64 ms);
    StoreResult setAudioPath(qint64 id, const QString &track, const QString &path); // track: user|assistant
    StoreResult finish(qint64 id, const QString &status, const QString &failureReason = {});
    StoreResult addTranscript(qint64 id, const QString &text, bool isFinal);
    QList<TranscriptRecord> transcripts(qint64 id);
    // The device's last n completed turns, oldest first (dialogue context).
    QList<SessionRecord> recentTurns(const QString &deviceId, int n);
    // After a crash or restart: every session still 'active' becomes 'failed' (reason "server_restart").
    int failActiveSessions();

private:
    Database &db_;
};

} // namespace spk::server
