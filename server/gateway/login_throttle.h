#pragma once
// Login lockout (protocol.md §1: 429) counted across every gateway replica: failures per username and
// per source live in the shared cache (Redis) as expiring counters, a lock as an expiring marker.
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
    LoginThrottle(Cache &cache, const QString &keyPrefix, int maxFailures, int windowSeconds,
                  int lockSeconds);

    // Seconds until the attempt is allowed again; 0 when allowed now.
    int retryAfter(const QString &username, const QString &source);
    void recordFailure(const QString &username, const QString &source);
    void recordSuccess(const QString &username, const QString &source);

private:
    bool useShared();
    std::optional<int> sharedRetryAfter(const QString &username, const QString &source);
    bool sharedFail(const QString &kind, const QString &key);
    void degrade(const char *what);

    Cache &cache_;
    const QString prefix_;
    const int maxFailures_, windowSeconds_, lockSeconds_;
    auth::LoginLimiter local_;
    bool degraded_ = false;
};

} // namespace spk::server
