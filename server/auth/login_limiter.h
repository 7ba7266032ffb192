#pragma once
// Lockout after repeated login failures, per username and per source address (protocol.md §1: 429).
// An attempt is counted when it starts, before its (slow) password check, so parallel guesses cannot
// all slip in before the first failure is known: attempts beyond the limit are refused at once.
#include <QDateTime>
#include <QHash>
#include <QString>

namespace spk::server::auth {

// The place an attempt took when it started (1 = first in the window), per username and per source.
struct LoginAttempt
{
    int byUser = 0;
    int bySource = 0;
};

class LoginLimiter
{
public:
    // maxFailures within windowSeconds locks the username (and, separately, the source) for lockSeconds.
    LoginLimiter(int maxFailures, int windowSeconds, int lockSeconds);

    // Not thread-safe: use from one thread (the gateway's). Times are passed in, so tests control them.
    // Seconds until an attempt is allowed again; 0 when allowed now.
    int retryAfter(const QString &username, const QString &source, const QDateTime &now) const;
    // Starts an attempt: 0 and *attempt set when it may check the password; otherwise the seconds to
    // wait (locked, or maxFailures attempts already under way) and nothing is counted.
    int begin(const QString &username, const QString &source, const QDateTime &now, LoginAttempt *attempt);
    // The attempt's password was wrong: the username or source is locked when its place reached maxFailures.
    void failed(const QString &username, const QString &source, const LoginAttempt &attempt,
                const QDateTime &now);
    // The attempt succeeded: the username's count resets; the source's count forgets this attempt only.
    void succeeded(const QString &username, const QString &source);

private:
    struct Entry
    {
        int failures = 0; // attempts in the window, those still being checked included
        QDateTime windowStart;
        QDateTime lockedUntil;
    };
    Entry &entry(QHash<QString, Entry> &map, const QString &key, const QDateTime &now);
    void lock(QHash<QString, Entry> &map, const QString &key, const QDateTime &now);
    int remaining(const QHash<QString, Entry> &map, const QString &key, const QDateTime &now) const;
    void prune(QHash<QString, Entry> &map, const QDateTime &now);
    int &pruneLimit(const QHash<QString, Entry> &map);

    int maxFailures_, windowSeconds_, lockSeconds_;
    QHash<QString, Entry> byUser_, bySource_;
    // Size at which each map is next pruned; doubles when pruning frees little, so the cost stays amortised.
    int pruneUserAt_, pruneSourceAt_;
};

} // namespace spk::server::auth
