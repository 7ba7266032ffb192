#pragma once
// Turns a request's bearer token into a Caller, or answers 401.
#include "server/gateway/caller.h"
#include "server/http/bearer_token.h" // where the token comes from
#include "server/http/http_exchange.h"

#include <functional>
#include <optional>

namespace spk::server {
namespace auth {
class TokenService;
}
class UserStore;
class TokenEpochs;

class Authenticator
{
public:
    Authenticator(auth::TokenService &tokens, UserStore &users, TokenEpochs &epochs);

    // nullopt with *code/*message set when the token is missing, invalid, expired, revoked, issued before
    // its user's last role or password change (token_revoked), or its user was removed (invalid_token);
    // database_unavailable when the user's state could not be read (statusFor: 503).
    static int statusFor(const QString &code);
    std::optional<Caller> verify(const QString &token, const QString &source, QString *code,
                                 QString *message) const;
    // Verifies the exchange's token; on failure answers 401 and returns nullopt.
    std::optional<Caller> require(const ExchangePtr &exchange) const;
    // As require(), and answers 403 unless the caller's role is one of `roles`.
    std::optional<Caller> requireRole(const ExchangePtr &exchange, const QStringList &roles) const;

    // The user's token epoch changed here (epoch), or they were removed (TokenEpochs::kGone), or another
    // replica changed them (forgotten: read again).
    void userChanged(qint64 id, qint64 epoch);
    void userForgotten(qint64 id);
    // Asked for each token that this process does not know to be revoked (other replicas' logouts).
    void setRevokedElsewhere(std::function<bool(const QString &jti)> check)
    {
        revokedElsewhere_ = std::move(check);
    }

private:
    auth::TokenService &tokens_;
    UserStore &users_;
    TokenEpochs &epochs_;
    std::function<bool(const QString &)> revokedElsewhere_;
};

} // namespace spk::server
