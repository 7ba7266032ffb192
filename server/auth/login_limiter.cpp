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

void LoginLimiter::recordFailure(const QString &username, const QString &source, const QDateTime &now)
{
    fail(byUser_, username, now);
    fail(bySource_, source, now);
}

void LoginLimiter::recordSuccess(const QString &username, const QString &source)
{
    // Only the username's count resets: a source spraying guesses over many accounts must not wipe its
    // record by also logging into one account it owns.
    Q_UNUSED(source);
    byUser_.remove(username);
}

void LoginLimiter::fail(QHash<QString, Entry> &map, const QString &key, const QDateTime &now)
{
    int &limit = pruneLimit(map);
    if (map.size() >= limit) {
        prune(map, now);
        limit = std::max(kPruneThreshold, 2 * int(map.size()));
    }
    Entry &e = map[key];
    if (e.lockedUntil.isValid() && now < e.lockedUntil)
        return; // already locked; attempts while locked are refused before checking, not counted
    if (!e.windowStart.isValid() || e.windowStart.secsTo(now) >= windowSeconds_ || now < e.windowStart) {
        e.failures = 0;
        e.windowStart = now;
    }
    if (++e.failures >= maxFailures_) {
        e.lockedUntil = now.addSecs(lockSeconds_);
        e.failures = 0;
        e.windowStart = QDateTime();
    }
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
