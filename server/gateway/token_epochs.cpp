#include "server/gateway/token_epochs.h"

#include "server/cache/cache.h"
#include "server/storage/user_store.h"

namespace spk::server {

TokenEpochs::TokenEpochs(UserStore &users, Cache &cache, const QString &keyPrefix, int ttlSeconds)
    : users_(users), cache_(cache), prefix_(keyPrefix + QStringLiteral("user_epoch:")),
      ttlSeconds_(ttlSeconds)
{
}

QString TokenEpochs::key(qint64 userId) const
{
    return prefix_ + QString::number(userId);
}

std::optional<qint64> TokenEpochs::current(qint64 userId)
{
    if (const auto cached = cache_.get(key(userId))) {
        bool ok = false;
        const qint64 epoch = cached->toLongLong(&ok);
        if (ok)
            return epoch;
    }
    const auto stored = users_.tokenEpoch(userId); // kGone for no such user
    if (stored)
        cache_.set(key(userId), QByteArray::number(*stored), ttlSeconds_);
    return stored;
}

void TokenEpochs::changed(qint64 userId, qint64 epoch)
{
    // Written even while other replicas' copies are cached: theirs expire or are forgotten on the event.
    if (!cache_.set(key(userId), QByteArray::number(epoch), ttlSeconds_))
        cache_.remove({key(userId)});
}

void TokenEpochs::forget(qint64 userId)
{
    // Also with Redis: this replica may have written a value it read just before the change.
    cache_.remove({key(userId)});
}

} // namespace spk::server
