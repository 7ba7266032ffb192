// POST /api/auth/login, POST /api/auth/logout, GET /api/me
#include "server/auth/passwords.h"
#include "server/auth/token_service.h"
#include "server/core/dependency_faults.h"
#include "server/core/logging.h"
#include "server/core/metrics.h"
#include "server/devices/audit_log.h"
#include "server/gateway/authenticator.h"
#include "server/gateway/credentials.h"
#include "server/gateway/gateway_metrics.h"
#include "server/gateway/gateway_services.h"
#include "server/gateway/json_views.h"
#include "server/gateway/live_hub.h"
#include "server/gateway/login_throttle.h"
#include "server/gateway/replica_sync.h"
#include "server/http/http_server.h"
#include "server/storage/audit_store.h"
#include "server/storage/user_store.h"
#include "shared/protocol/json_input.h"

#include <QFuture>
#include <QtConcurrent/QtConcurrentRun>

namespace spk::server {

namespace {

// argon2id takes tens of milliseconds by design: verify on the thread pool, answer on the event loop.
void login(GatewayServices &s, HttpServer &http, const ExchangePtr &ex)
{
    const auto body = ex->jsonObjectBody(s.config.maxBodyBytes);
    if (!body)
        return;
    QString error;
    const auto credentials = readCredentials(*body, &error);
    if (!credentials)
        return ex->replyError(400, QStringLiteral("invalid_input"), error);
    const QString &username = credentials->username;

    if (const int wait = s.limiter.retryAfter(username, ex->source()); wait > 0) {
        s.metrics.counter(gateway_metrics::kLoginsLocked).inc();
        return ex->reply(
            429, "application/json",
            spk::proto::ApiError{429, QStringLiteral("too_many_attempts"),
                                 QStringLiteral("too many failed logins; try again in %1 s").arg(wait)}
                .toBody(),
            {{"Retry-After", QByteArray::number(wait)}});
    }
    const std::optional<UserRecord> user = s.users.findByName(username);
    if (DependencyFaultScope::currentFailed()) // not a failed attempt: nobody could be asked
        return ex->replyError(databaseUnavailable());
    // Unknown users are verified against a fixed hash so both cases take the same time.
    static const QString dummyHash = auth::hashPassword(QStringLiteral("spk-timing-equaliser"));
    const QString hash = user ? user->passwordHash : dummyHash;
    const QString pw = credentials->password;
    QtConcurrent::run([hash, pw] {
        return auth::verifyPassword(hash, pw);
    }).then(&http, [&s, ex, user, name = username](bool ok) {
        if (!ok || !user) {
            s.limiter.recordFailure(name, ex->source());
            s.audit.recordAnonymous(name, ex->source(), QStringLiteral("auth.login_failed"),
                                    QStringLiteral("user"), name);
            s.metrics.counter(gateway_metrics::kLogins, QStringLiteral("failed")).inc();
            return ex->replyError(401, QStringLiteral("invalid_credentials"),
                                  QStringLiteral("wrong username or password"));
        }
        s.limiter.recordSuccess(name, ex->source());
        const auth::IssuedToken token = s.tokens.issue(user->id, user->username, user->role);
        Caller who{user->id, user->username, user->role, token.jti, token.expiresAt, ex->source()};
        s.audit.record(who, QStringLiteral("auth.login"), QStringLiteral("user"), QString::number(user->id));
        s.metrics.counter(gateway_metrics::kLogins, QStringLiteral("ok")).inc();
        ex->replyJson(200, {{QStringLiteral("token"), token.token},
                            {QStringLiteral("expires_at"), rfc3339(token.expiresAt)},
                            {QStringLiteral("user"), userJson(*user)}});
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
    http.route(M::Post, QStringLiteral("/api/auth/login"),
               [&s, &http](const ExchangePtr &ex) { login(s, http, ex); });
    http.route(M::Post, QStringLiteral("/api/auth/logout"), [&s](const ExchangePtr &ex) { logout(s, ex); });
    http.route(M::Get, QStringLiteral("/api/me"), [&s](const ExchangePtr &ex) { me(s, ex); });
}

} // namespace spk::server
