#pragma once
// Runs the gateway's argon2id work (login and password-change checks) off the event loop, on a pool of
// its own threads so other background work never waits behind a login flood, in the fair order of
// auth::VerificationQueue. Answers come back on the gateway thread. Exports spk_password_checks_in_flight,
// spk_password_checks_queued and spk_login_busy_total (refused: the queue was full).
#include "server/auth/verification_queue.h"

#include <QObject>
#include <QThreadPool>
#include <functional>

namespace spk::server {
class Metrics;

class PasswordChecks : public QObject
{
    Q_OBJECT
public:
    PasswordChecks(auth::VerificationQueue::Limits limits, Metrics &metrics, QObject *parent = nullptr);
    ~PasswordChecks() override;

    bool hasRoom(const QString &source) const { return queue_.hasRoom(source); }
    // Runs work (on the pool) when its turn comes, then done(result) on this object's thread. False when
    // refused (queue full): done is never called, the caller answers 429 login_busy.
    bool submit(const QString &source, std::function<bool()> work, std::function<void(bool)> done);

    // Hashes a new password (argon2id) on the pool, then done(hash) on this object's thread; an empty hash
    // on failure. Not queued: only authenticated callers set passwords.
    void hash(const QString &password, std::function<void(const QString &)> done);

private:
    void exportState();

    auth::VerificationQueue queue_;
    Metrics &metrics_;
    QThreadPool pool_;
};

} // namespace spk::server
