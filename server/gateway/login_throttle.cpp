#include "server/gateway/login_throttle.h"

#include "server/cache/cache.h"
#include "server/core/logging.h"

#include <algorithm>

namespace spk::server {

LoginThrottle::LoginThrottle(Cache &cache, const QString &keyPrefix, int maxFailures, int windowSeconds,
                             int lockSeconds)
    : cache_(cache), prefix_(keyPrefix + QStringLiteral("login:")), maxFailures_(maxFailures),
      windowSeconds_(windowSeconds), lockSeconds_(lockSeconds),
      local_(maxFailures, windowSeconds, lockSeconds)
{
}

bool LoginThrottle::useShared()
{
    return cache_.isShared();
}

void LoginThrottle::degrade(const char *what)
{
    if (!degraded_)
        qCWarning(lcGateway) << "login lockout: the shared cache is unreachable (" << what
                             << "); counting on this replica only until it returns";
    degraded_ = true;
}

std::optional<int> LoginThrottle::sharedRetryAfter(const QString &username, const QString &source)
{
    const auto byUser = cache_.secondsToLive(prefix_ + QStringLiteral("lock:user:") + username);
    const auto bySource = cache_.secondsToLive(prefix_ + QStringLiteral("lock:source:") + source);
    if (!byUser || !bySource)
        return std::nullopt;
    if (degraded_)
        qCInfo(lcGateway) << "login lockout: counting in the shared cache again";
    degraded_ = false;
    return std::max(*byUser, *bySource);
}

int LoginThrottle::retryAfter(const QString &username, const QString &source)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const int local = local_.retryAfter(username, source, now);
    if (!useShared())
        return local;
    const auto shared = sharedRetryAfter(username, source);
    if (!shared)
        degrade("TTL");
    return std::max(local, shared.value_or(0));
}

// One failure under kind ("user" / "source"); maxFailures within the window sets the lock.
bool LoginThrottle::sharedFail(const QString &kind, const QString &key)
{
    const QString counter = prefix_ + QStringLiteral("fail:%1:").arg(kind) + key;
    const auto failures = cache_.increment(counter, windowSeconds_);
    if (!failures)
        return false;
    if (*failures >= maxFailures_) {
        cache_.set(prefix_ + QStringLiteral("lock:%1:").arg(kind) + key, QByteArrayLiteral("1"),
                   lockSeconds_);
        cache_.remove({counter});
    }
    return true;
}

void LoginThrottle::recordFailure(const QString &username, const QString &source)
{
    if (useShared() && sharedFail(QStringLiteral("user"), username) &&
        sharedFail(QStringLiteral("source"), source))
        return;
    if (useShared())
        degrade("INCR");
    local_.recordFailure(username, source, QDateTime::currentDateTimeUtc());
}

void LoginThrottle::recordSuccess(const QString &username, const QString &source)
{
    // As LoginLimiter: only the username's count resets, never the source's.
    local_.recordSuccess(username, source);
    if (useShared())
        cache_.remove({prefix_ + QStringLiteral("fail:user:") + username});
}

} // namespace spk::server
