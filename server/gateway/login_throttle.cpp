#include "server/gateway/login_throttle.h"

#include "server/cache/cache.h"
#include "server/core/logging.h"

#include <algorithm>

namespace spk::server {

LoginThrottle::LoginThrottle(Cache &cache, const QString &keyPrefix, int maxFailures, int windowSeconds,
                             int lockSeconds)
    : cache_(cache), prefix_(keyPrefix + QStringLiteral("login:")), maxFailures_(std::max(1, maxFailures)),
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

QString LoginThrottle::counterKey(const char *kind, const QString &key) const
{
    return prefix_ + QStringLiteral("fail:%1:").arg(QLatin1String(kind)) + key;
}

QString LoginThrottle::lockKey(const char *kind, const QString &key) const
{
    return prefix_ + QStringLiteral("lock:%1:").arg(QLatin1String(kind)) + key;
}

std::optional<int> LoginThrottle::sharedRetryAfter(const QString &username, const QString &source)
{
    const auto byUser = cache_.secondsToLive(lockKey("user", username));
    const auto bySource = cache_.secondsToLive(lockKey("source", source));
    if (!byUser || !bySource)
        return std::nullopt;
    return std::max(*byUser, *bySource);
}

std::optional<int> LoginThrottle::sharedBegin(const QString &username, const QString &source,
                                              auth::LoginAttempt *place)
{
    const auto locked = sharedRetryAfter(username, source);
    if (!locked)
        return std::nullopt;
    if (*locked > 0)
        return *locked;
    const QString userCounter = counterKey("user", username), sourceCounter = counterKey("source", source);
    const auto byUser = cache_.increment(userCounter, windowSeconds_);
    if (!byUser)
        return std::nullopt;
    const auto bySource = cache_.increment(sourceCounter, windowSeconds_);
    if (!bySource) {
        cache_.decrement(userCounter);
        return std::nullopt;
    }
    if (*byUser > maxFailures_ || *bySource > maxFailures_) {
        // maxFailures attempts are being checked already (on any replica): not counted, refused.
        cache_.decrement(userCounter);
        cache_.decrement(sourceCounter);
        return 1;
    }
    place->byUser = int(*byUser);
    place->bySource = int(*bySource);
    return 0;
}

int LoginThrottle::begin(const QString &username, const QString &source, Attempt *attempt)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    // A lock set while Redis was away still holds here.
    if (const int local = local_.retryAfter(username, source, now); local > 0)
        return local;
    if (useShared()) {
        if (const auto shared = sharedBegin(username, source, &attempt->place)) {
            if (degraded_)
                qCInfo(lcGateway) << "login lockout: counting in the shared cache again";
            degraded_ = false;
            attempt->shared = true;
            return *shared;
        }
        degrade("INCR");
    }
    attempt->shared = false;
    return local_.begin(username, source, now, &attempt->place);
}

void LoginThrottle::sharedLock(const char *kind, const QString &key)
{
    cache_.set(lockKey(kind, key), QByteArrayLiteral("1"), lockSeconds_);
    cache_.remove({counterKey(kind, key)});
}

void LoginThrottle::failed(const QString &username, const QString &source, const Attempt &attempt)
{
    if (!attempt.shared)
        return local_.failed(username, source, attempt.place, QDateTime::currentDateTimeUtc());
    if (attempt.place.byUser >= maxFailures_)
        sharedLock("user", username);
    if (attempt.place.bySource >= maxFailures_)
        sharedLock("source", source);
}

void LoginThrottle::succeeded(const QString &username, const QString &source, const Attempt &attempt)
{
    // As LoginLimiter: the username's count resets, the source's forgets this attempt only.
    if (!attempt.shared)
        return local_.succeeded(username, source);
    cache_.remove({counterKey("user", username)});
    cache_.decrement(counterKey("source", source));
}

} // namespace spk::server
