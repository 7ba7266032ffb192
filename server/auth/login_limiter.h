#pragma once
// Lockout after repeated login failures, per username and per source address (protocol.md §1: 429).
#include <QDateTime>
#include <QHash>
#include <QString>

namespace spk::server::auth {

class LoginLimiter
{
public:
    // maxFailures within windowSeconds locks the username (and, separately, the source) for lockSeconds.
    LoginLimiter(int maxFailures, int windowSeconds, int lockSeconds);

    // Not thread-safe: use from one thread (the gateway's). Times are passed in, so tests control them.
    // Seconds until the attempt is allowed again; 0 when allowed now.
    int retryAfter(const QString &username, const QString &source, const QDateTime &now) const;
    void recordFailure(const QString &username, const QString &source, const QDateTime &now);
    void recordSuccess(const QString &username, const QString &source);

private:
    struct Entry
    {
        int failures = 0;
        QDateTime windowStart;
        QDateTime lockedUntil;
    };
    void fail(QHash<QString, Entry> &map, const QString &key, const QDateTime &now);
    int remaining(const QHash<QString, Entry> &map, const QString &key, const QDateTime &now) const;
    void prune(QHash<QString, Entry> &map, const QDateTime &now);
    int &pruneLimit(const QHash<QString, Entry> &map);

    int maxFailures_, windowSeconds_, lockSeconds_;
    QHash<QString, Entry> byUser_, bySource_;
    // Size at which each map is next pruned; doubles when pruning frees little, so the cost stays amortised.
    int pruneUserAt_, pruneSourceAt_;
};

} // namespace spk::server::auth
