#include "server/gateway/authenticator.h"

#include "server/auth/token_service.h"
#include "server/gateway/token_epochs.h"
#include "server/storage/user_store.h"

namespace spk::server {

bool roles::isValid(const QString &role)
{
    return role == kAdmin || role == kSupport || role == kUser;
}

Authenticator::Authenticator(auth::TokenService &tokens, UserStore &users, TokenEpochs &epochs)
    : tokens_(tokens), users_(users), epochs_(epochs)
{
}

int Authenticator::statusFor(const QString &code)
{
    return code == QLatin1String("database_unavailable") ? 503 : 401;
}

void Authenticator::userChanged(qint64 id, qint64 epoch)
{
    epochs_.changed(id, epoch);
}

void Authenticator::userForgotten(qint64 id)
{
    epochs_.forget(id);
}

std::optional<Caller> Authenticator::verify(const QString &token, const QString &source, QString *code,
                                            QString *message) const
{
    if (token.isEmpty()) {
        *code = QStringLiteral("missing_token");
        *message = QStringLiteral("authentication required: send Authorization: Bearer <token>");
        return std::nullopt;
    }
    QString error;
    const auto claims = tokens_.verify(token, &error);
    if (!claims) {
        *code = error;
        if (error == QLatin1String("token_expired"))
            *message = QStringLiteral("the token has expired; log in again");
        else if (error == QLatin1String("token_revoked"))
            *message = QStringLiteral("the token was revoked (logged out); log in again");
        else
            *message = QStringLiteral("the token is not valid");
        return std::nullopt;
    }
    if (revokedElsewhere_ && revokedElsewhere_(claims->jti)) {
        *code = QStringLiteral("token_revoked");
        *message = QStringLiteral("the token was revoked (logged out); log in again");
        return std::nullopt;
    }
    const auto epoch = epochs_.current(claims->userId);
    if (!epoch) {
        *code = QStringLiteral("database_unavailable");
        *message = QStringLiteral("cannot check the token now; try again");
        return std::nullopt;
    }
    if (*epoch == TokenEpochs::kGone) {
        *code = QStringLiteral("invalid_token");
        *message = QStringLiteral("the token's user no longer exists");
        return std::nullopt;
    }
    if (*epoch != claims->epoch) {
        *code = QStringLiteral("token_revoked");
        *message = QStringLiteral("the account's role or password changed; log in again");
        return std::nullopt;
    }
    Caller c;
    c.id = claims->userId;
    c.username = claims->username;
    c.role = claims->role;
    c.jti = claims->jti;
    c.expiresAt = claims->expiresAt;
    c.epoch = claims->epoch;
    c.source = source;
    return c;
}

std::optional<Caller> Authenticator::require(const ExchangePtr &exchange) const
{
    QString code, message;
    const QString token = headerBearerToken(exchange->header("authorization"));
    if (token.isEmpty() && exchange->query().hasQueryItem(QStringLiteral("token"))) {
        exchange->replyError(401, QStringLiteral("token_in_query"),
                             QStringLiteral("send the token in an Authorization: Bearer header; "
                                            "?token= is accepted only on /ws"));
        return std::nullopt;
    }
    auto caller = verify(token, exchange->source(), &code, &message);
    if (!caller)
        exchange->replyError(statusFor(code), code, message);
    return caller;
}

std::optional<Caller> Authenticator::requireRole(const ExchangePtr &exchange,
                                                 const QStringList &allowed) const
{
    auto caller = require(exchange);
    if (!caller)
        return std::nullopt;
    if (!allowed.contains(caller->role)) {
        exchange->replyError(403, QStringLiteral("forbidden"),
                             QStringLiteral("the %1 role may not do this").arg(caller->role));
        return std::nullopt;
    }
    return caller;
}

} // namespace spk::server
