// POST /api/auth/login, POST /api/auth/logout, GET /api/me, PUT /api/me/password
#include "server/auth/passwords.h"
#include "server/auth/token_service.h"
#include "server/core/dependency_faults.h"
#include "server/core/logging.h"
#include "server/core/metrics.h"
#include "server/devices/audit_log.h"
#include "server/gateway/account_change.h"
#include "server/gateway/authenticator.h"
#include "server/gateway/credentials.h"
#include "server/gateway/gateway_metrics.h"
#include "server/gateway/gateway_services.h"
#include "server/gateway/json_views.h"
#include "server/gateway/live_hub.h"
#include "server/gateway/password_gate.h"
#include "server/gateway/replica_sync.h"
#include "server/http/http_server.h"
#include "server/storage/audit_store.h"
#include "server/storage/user_store.h"
#include "shared/protocol/json_input.h"

namespace spk::server {

namespace {

QJsonObject loginAnswer(const auth::IssuedToken &token, const UserRecord &user)
{
    return {{QStringLiteral("token"), token.token},
            {QStringLiteral("expires_at"), rfc3339(token.expiresAt)},
            {QStringLiteral("user"), userJson(user)}};
}

// argon2id takes tens of milliseconds by design: checked on the password-check pool (password_gate.h),
// answered on the event loop.
void login(GatewayServices &s, const ExchangePtr &ex)
{
    const auto body = ex->jsonObjectBody(s.config.maxBodyBytes);
    if (!body)
        return;
    QString error;
    const auto credentials = readCredentials(*body, &error);
    if (!credentials)
        return ex->replyError(400, QStringLiteral("invalid_input"), error);
    const std::optional<UserRecord> user = s.users.findByName(credentials->username);
    if (DependencyFaultScope::currentFailed()) // not a failed attempt: nobody could be asked
        return ex->replyError(databaseUnavailable());
    checkTypedPassword(s, ex, credentials->username, user ? user->passwordHash : QString(),
                       credentials->password, [&s, ex, user](bool right) {
                           if (!right)
                               return ex->replyError(401, QStringLiteral("invalid_credentials"),
                                                     QStringLiteral("wrong username or password"));
                           const auth::IssuedToken token =
                               s.tokens.issue(user->id, user->username, user->role, user->tokenEpoch);
                           Caller who{user->id,        user->username, user->role,      token.jti,
                                      token.expiresAt, ex->source(),   user->tokenEpoch};
                           s.audit.record(who, QStringLiteral("auth.login"), QStringLiteral("user"),
                                          QString::number(user->id));
                           s.metrics.counter(gateway_metrics::kLogins, QStringLiteral("ok")).inc();
                           ex->replyJson(200, loginAnswer(token, *user));
                       });
}

// PUT /api/me/password {"current_password","new_password"}: the current one is checked like a login
// (lockout, fair queue); the new hash replaces it, every token of the account stops working, and the
// answer carries a fresh token so this client stays logged in.
void changeOwnPassword(GatewayServices &s, const ExchangePtr &ex)
{
    const auto caller = s.authn.require(ex);
    if (!caller)
        return;
    const auto body = ex->jsonObjectBody(s.config.maxBodyBytes);
    if (!body)
        return;
    QString error;
    const auto current = spk::proto::readString(*body, QStringLiteral("current_password"), 128, &error);
    const auto next =
        current ? spk::proto::readString(*body, QStringLiteral("new_password"), 128, &error) : std::nullopt;
    if (!next)
        return ex->replyError(400, QStringLiteral("invalid_input"), error);
    if (const QString policy = auth::checkPasswordPolicy(*next); !policy.isEmpty())
        return ex->replyError(400, QStringLiteral("invalid_input"), policy);
    const auto user = s.users.findById(caller->id);
    if (!user)
        return ex->replyError(401, QStringLiteral("invalid_token"),
                              QStringLiteral("the token's user no longer exists"));
    checkTypedPassword(
        s, ex, user->username, user->passwordHash, *current, [&s, ex, who = *caller, pw = *next](bool right) {
            if (!right)
                return ex->replyError(403, QStringLiteral("invalid_credentials"),
                                      QStringLiteral("the current password is wrong"));
            hashNewPassword(s, pw, [&s, ex, who](const QString &hash) {
                if (hash.isEmpty())
                    return ex->replyError(500, QStringLiteral("internal_error"),
                                          QStringLiteral("could not hash the password"));
                UserRecord updated;
                if (s.users.update(who.id, std::nullopt, hash, &updated) != StoreResult::Ok)
                    return ex->replyError(503, QStringLiteral("database_unavailable"),
                                          QStringLiteral("could not store the new password"));
                accountChanged(s, updated.id, updated.tokenEpoch, QStringLiteral("password changed"));
                s.audit.record(who, QStringLiteral("user.password"), QStringLiteral("user"),
                               QString::number(who.id));
                const auth::IssuedToken token =
                    s.tokens.issue(updated.id, updated.username, updated.role, updated.tokenEpoch);
                ex->replyJson(200, loginAnswer(token, updated));
            });
        });
}

void logout(GatewayServices &s, const ExchangePtr &ex)
{
    const auto caller = s.authn.require(ex);
    if (!caller)
        return;
    if (!s.revoked.revoke(caller->jti, caller->expiresAt))
        return ex->replyError(503, QStringLiteral("database_unavailable"),
                              QStringLiteral("could not record the logout; try again"));
    s.tokens.revoke(caller->jti);
    s.replicas.loggedOut(caller->jti, caller->expiresAt);
    s.live.dropToken(caller->jti);
    s.audit.record(*caller, QStringLiteral("auth.logout"), QStringLiteral("user"),
                   QString::number(caller->id));
    ex->replyEmpty(204);
}

void me(GatewayServices &s, const ExchangePtr &ex)
{
    const auto caller = s.authn.require(ex);
    if (!caller)
        return;
    const auto user = s.users.findById(caller->id);
    if (!user)
        return ex->replyError(401, QStringLiteral("invalid_token"),
                              QStringLiteral("the token's user no longer exists"));
    ex->replyJson(200, userJson(*user));
}

} // namespace

void registerAuthRoutes(HttpServer &http, GatewayServices &s)
{
    using M = QHttpServerRequest::Method;
    Q_UNUSED(http);
    http.route(M::Post, QStringLiteral("/api/auth/login"), [&s](const ExchangePtr &ex) { login(s, ex); });
    http.route(M::Post, QStringLiteral("/api/auth/logout"), [&s](const ExchangePtr &ex) { logout(s, ex); });
    http.route(M::Get, QStringLiteral("/api/me"), [&s](const ExchangePtr &ex) { me(s, ex); });
    http.route(M::Put, QStringLiteral("/api/me/password"),
               [&s](const ExchangePtr &ex) { changeOwnPassword(s, ex); });
}

} // namespace spk::server
