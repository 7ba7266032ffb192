#include "server/cache/memory_cache.h"

#include <limits>

namespace spk::server {
namespace {
// Expired entries are dropped lazily on get, and all at once every this many sets, so a cache of
// short-lived keys cannot grow without bound.
constexpr int kSweepEverySets = 1024;
} // namespace

MemoryCache::MemoryCache()
{
    clock_.start();
}

std::optional<QByteArray> MemoryCache::get(const QString &key)
{
    QMutexLocker lock(&mutex_);
    const auto it = entries_.find(key);
    if (it == entries_.end())
        return std::nullopt;
    if (isExpired(*it, clock_.elapsed())) {
        entries_.erase(it);
        return std::nullopt;
    }
    return it->value;
}

std::optional<QByteArray> MemoryCache::take(const QString &key)
{
    QMutexLocker lock(&mutex_);
    const auto it = entries_.find(key);
    if (it == entries_.end())
        return std::nullopt;
    const bool expired = isExpired(*it, clock_.elapsed());
    QByteArray value = std::move(it->value);
    entries_.erase(it);
    if (expired)
        return std::nullopt;
    return value;
}

bool MemoryCache::set(const QString &key, const QByteArray &value, int ttlSeconds)
{
    QMutexLocker lock(&mutex_);
    const qint64 now = clock_.elapsed();
    // +1 so that an expiry of exactly "now" is never 0 (= never expires).
    entries_.insert(key, Entry{value, ttlSeconds > 0 ? now + qint64(ttlSeconds) * 1000 + 1 : 0});
    if (++setsSinceSweep_ >= kSweepEverySets)
        sweepExpired(now);
    return true;
}

void MemoryCache::remove(const QStringList &keys)
{
    QMutexLocker lock(&mutex_);
    for (const QString &key : keys)
        entries_.remove(key);
}

void MemoryCache::removePrefix(const QString &prefix)
{
    QMutexLocker lock(&mutex_);
    for (auto it = entries_.begin(); it != entries_.end();) {
        if (it.key().startsWith(prefix))
            it = entries_.erase(it);
        else
            ++it;
    }
}

std::optional<qint64> MemoryCache::increment(const QString &key, int ttlSeconds)
{
    QMutexLocker lock(&mutex_);
    const qint64 now = clock_.elapsed();
    auto it = entries_.find(key);
    if (it == entries_.end() || isExpired(*it, now))
        it = entries_.insert(
            key, Entry{QByteArray("0"), ttlSeconds > 0 ? now + qint64(ttlSeconds) * 1000 + 1 : 0});
    const qint64 count = it->value.toLongLong() + 1;
    it->value = QByteArray::number(count);
    return count;
}

std::optional<qint64> MemoryCache::decrement(const QString &key)
{
    QMutexLocker lock(&mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end() || isExpired(*it, clock_.elapsed()))
        return 0;
    const qint64 count = it->value.toLongLong() - 1;
    it->value = QByteArray::number(count);
    return count;
}

std::optional<int> MemoryCache::secondsToLive(const QString &key)
{
    QMutexLocker lock(&mutex_);
    const qint64 now = clock_.elapsed();
    const auto it = entries_.constFind(key);
    if (it == entries_.cend() || isExpired(*it, now))
        return 0;
    if (it->expiresAtMs == 0)
        return std::numeric_limits<int>::max();
    return int((it->expiresAtMs - now + 999) / 1000);
}

int MemoryCache::size()
{
    QMutexLocker lock(&mutex_);
    return int(entries_.size());
}

void MemoryCache::sweepExpired(qint64 now)
{
    setsSinceSweep_ = 0;
    for (auto it = entries_.begin(); it != entries_.end();) {
        if (isExpired(*it, now))
            it = entries_.erase(it);
        else
            ++it;
    }
}

} // namespace spk::server
