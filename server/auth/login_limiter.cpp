#include "server/auth/login_limiter.h"

#include <algorithm>

namespace spk::server::auth {

namespace {
// Above this many tracked keys, stale entries are dropped so a flood of made-up usernames cannot grow
// memory without bound.
constexpr int kPruneThreshold = 10000;
} // namespace

LoginLimiter::LoginLimiter(int maxFailures, int windowSeconds, int lockSeconds)
    : maxFailures_(std::max(1, maxFailures)), windowSeconds_(std::max(1, windowSeconds)),
      lockSeconds_(std::max(1, lockSeconds)), pruneUserAt_(kPruneThreshold), pruneSourceAt_(kPruneThreshold)
{
}

int LoginLimiter::retryAfter(const QString &username, const QString &source, const QDateTime &now) const
{
    return std::max(remaining(byUser_, username, now), remaining(bySource_, source, now));
}

int LoginLimiter::begin(const QString &username, const QString &source, const QDateTime &now,
                        LoginAttempt *attempt)
{
    if (const int wait = retryAfter(username, source, now); wait > 0)
        return wait;
    Entry &user = entry(byUser_, username, now);
    Entry &from = entry(bySource_, source, now);
    // maxFailures attempts are being checked already: if they all fail, the lock follows at once.
    if (user.failures >= maxFailures_ || from.failures >= maxFailures_)
        return 1;
    attempt->byUser = ++user.failures;
    attempt->bySource = ++from.failures;
    return 0;
}

void LoginLimiter::failed(const QString &username, const QString &source, const LoginAttempt &attempt,
                          const QDateTime &now)
{
    if (attempt.byUser >= maxFailures_)
        lock(byUser_, username, now);
    if (attempt.bySource >= maxFailures_)
        lock(bySource_, source, now);
}

void LoginLimiter::succeeded(const QString &username, const QString &source)
{
    // Only the username's count resets: a source spraying guesses over many accounts must not wipe its
    // record by also logging into one account it owns. It only stops counting this attempt.
    byUser_.remove(username);
    const auto it = bySource_.find(source);
    if (it != bySource_.end() && it->failures > 0)
        --it->failures;
}

LoginLimiter::Entry &LoginLimiter::entry(QHash<QString, Entry> &map, const QString &key, const QDateTime &now)
{
    int &limit = pruneLimit(map);
    if (map.size() >= limit) {
        prune(map, now);
        limit = std::max(kPruneThreshold, 2 * int(map.size()));
    }
    Entry &e = map[key];
    if (!e.windowStart.isValid() || e.windowStart.secsTo(now) >= windowSeconds_ || now < e.windowStart) {
        e.failures = 0;
        e.windowStart = now;
    }
    return e;
}

void LoginLimiter::lock(QHash<QString, Entry> &map, const QString &key, const QDateTime &now)
{
    Entry &e = map[key];
    if (e.lockedUntil.isValid() && now < e.lockedUntil)
        return; // locked already (several attempts of the last place failed together)
    e.lockedUntil = now.addSecs(lockSeconds_);
    e.failures = 0;
    e.windowStart = QDateTime();
}

int LoginLimiter::remaining(const QHash<QString, Entry> &map, const QString &key, const QDateTime &now) const
{
    const auto it = map.constFind(key);
    if (it == map.constEnd() || !it->lockedUntil.isValid() || now >= it->lockedUntil)
        return 0;
    // Round up: "retry after 0 seconds" must never be said while still locked.
    const qint64 ms = now.msecsTo(it->lockedUntil);
    return static_cast<int>((ms + 999) / 1000);
}

int &LoginLimiter::pruneLimit(const QHash<QString, Entry> &map)
{
    return &map == &byUser_ ? pruneUserAt_ : pruneSourceAt_;
}

void LoginLimiter::prune(QHash<QString, Entry> &map, const QDateTime &now)
{
    for (auto it = map.begin(); it != map.end();) {
        const bool locked = it->lockedUntil.isValid() && now < it->lockedUntil;
        const bool inWindow = it->windowStart.isValid() && it->windowStart.secsTo(now) < windowSeconds_;
        it = (locked || inWindow) ? std::next(it) : map.erase(it);
    }
}

} // namespace spk::server::auth
