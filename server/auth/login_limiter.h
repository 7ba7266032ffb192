#pragma once
// Lockout after repeated login failures, per username and per source address (CONTRACT §1: 429).
#include <QDateTime>
#include <QHash>
#include <QString>

namespace spk::server::auth {

class LoginLimiter
{
public:
    // maxFailures within windowSeconds locks the username (and, separately, the source) for lockSeconds.
    LoginLimiter(int maxFailures, int windowSeconds, int lockSeconds);

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

    int maxFailures_, windowSeconds_, lockSeconds_;
    QHash<QString, Entry> byUser_, bySource_;
};

} // namespace spk::server::auth
