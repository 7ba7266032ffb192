#pragma once
// The token epoch of each user (issue 10, finding 4): users.token_epoch goes up with every role or
// password change, tokens carry the epoch they were issued under (JWT claim "epoch"), and a token
// whose epoch is not the user's current one is refused, as is one whose user is gone. The current
// value is read from the shared cache (Redis: every replica sees a change at once) and, on a miss or
// while Redis is away, from the database, so a change holds across restarts and replicas.
#include <QString>
#include <optional>

namespace spk::server {
class Cache;
class UserStore;

class TokenEpochs
{
public:
    static constexpr qint64 kGone = -1;
    // Cached entries expire after ttlSeconds, bounding a stale read that raced a change.
    TokenEpochs(UserStore &users, Cache &cache, const QString &keyPrefix, int ttlSeconds = 60);

    // The user's current epoch, kGone when the user no longer exists; nullopt when neither the cache
    // nor the database answered.
    std::optional<qint64> current(qint64 userId);
    // This process changed the user's epoch (or removed them: kGone).
    void changed(qint64 userId, qint64 epoch);
    // Another replica changed the user: read again on the next check.
    void forget(qint64 userId);

private:
    QString key(qint64 userId) const;

    UserStore &users_;
    Cache &cache_;
    const QString prefix_;
    const int ttlSeconds_;
};

} // namespace spk::server
