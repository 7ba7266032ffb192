#pragma once
// Login lockout (protocol.md §1: 429) counted across every gateway replica: attempts per username and
// per source live in the shared cache (Redis) as expiring counters, a lock as an expiring marker.
// An attempt is counted when it starts, before its password check (auth::LoginLimiter explains why).
// With an in-process cache, or while Redis is unreachable, the replica's own LoginLimiter counts
// (logged once): lockout then holds per replica, never fails open to "no limit".
#include "server/auth/login_limiter.h"

#include <QDateTime>
#include <QString>

namespace spk::server {
class Cache;

class LoginThrottle
{
public:
    // Where an attempt was counted, and its place there.
    struct Attempt
    {
        auth::LoginAttempt place;
        bool shared = false;
    };

    LoginThrottle(Cache &cache, const QString &keyPrefix, int maxFailures, int windowSeconds,
                  int lockSeconds);

    // Starts an attempt: 0 when its password may be checked (*attempt set), else seconds to wait.
    int begin(const QString &username, const QString &source, Attempt *attempt);
    void failed(const QString &username, const QString &source, const Attempt &attempt);
    void succeeded(const QString &username, const QString &source, const Attempt &attempt);

private:
    bool useShared();
    std::optional<int> sharedRetryAfter(const QString &username, const QString &source);
    // 0 = counted (*place set), > 0 = refused, nullopt = the cache did not answer.
    std::optional<int> sharedBegin(const QString &username, const QString &source, auth::LoginAttempt *place);
    QString counterKey(const char *kind, const QString &key) const;
    QString lockKey(const char *kind, const QString &key) const;
    void sharedLock(const char *kind, const QString &key);
    void degrade(const char *what);

    Cache &cache_;
    const QString prefix_;
    const int maxFailures_, windowSeconds_, lockSeconds_;
    auth::LoginLimiter local_;
    bool degraded_ = false;
};

} // namespace spk::server
