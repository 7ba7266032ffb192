#pragma once
// Checking a password a person typed (login, PUT /api/me/password), in one place: the queue of
// password checks must have room (else 429 login_busy), the username and source must not be locked
// (else 429 too_many_attempts), and the attempt is counted before argon2id runs on the check pool.
// A wrong password counts towards the lockout, is audited (auth.login_failed) and counted in
// spk_logins_total{result="failed"}.
#include "server/http/http_exchange.h"

#include <functional>

namespace spk::server {
struct GatewayServices;

// hash empty: an unknown user, checked against a fixed hash so that both cases take the same time and
// always found wrong. Returns false after answering 429; otherwise calls done(right) later, on the
// gateway thread (done answers the request).
bool checkTypedPassword(GatewayServices &s, const ExchangePtr &ex, const QString &username,
                        const QString &hash, const QString &password, std::function<void(bool right)> done);

// The argon2id hash of a new password, made on the check pool; done(hash) on the gateway thread (empty
// on failure).
void hashNewPassword(GatewayServices &s, const QString &password, std::function<void(const QString &)> done);

} // namespace spk::server
