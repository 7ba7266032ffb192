// GET/POST /api/users, PATCH/DELETE /api/users/{id} (admin only)
#include "server/auth/passwords.h"
#include "server/devices/audit_log.h"
#include "server/gateway/account_change.h"
#include "server/gateway/authenticator.h"
#include "server/gateway/credentials.h"
#include "server/gateway/gateway_services.h"
#include "server/gateway/json_views.h"
#include "server/gateway/password_gate.h"
#include "server/gateway/replica_sync.h"
#include "server/gateway/token_epochs.h"
#include "server/http/http_server.h"
#include "server/storage/user_store.h"
#include "shared/protocol/json_input.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace spk::server {

namespace {

const QStringList kAdminOnly{roles::kAdmin};

bool isValidUsername(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9_.@-]{1,64}$"));
    return re.match(name).hasMatch();
}

void listUsers(GatewayServices &s, const ExchangePtr &ex)
{
    if (!s.authn.requireRole(ex, kAdminOnly))
        return;
    QJsonArray arr;
    for (const UserRecord &u : s.users.list())
        arr.append(userJson(u));
    ex->replyJson(200, {{QStringLiteral("users"), arr}});
}

void addUser(GatewayServices &s, const ExchangePtr &ex)
{
    const auto caller = s.authn.requireRole(ex, kAdminOnly);
    if (!caller)
        return;
    const auto body = ex->jsonObjectBody(s.config.maxBodyBytes);
    if (!body)
        return;
    QString error;
    const auto credentials = readCredentials(*body, &error);
    const auto role =
        credentials ? spk::proto::readString(*body, QStringLiteral("role"), 16, &error) : std::nullopt;
    if (!role)
        return ex->replyError(400, QStringLiteral("invalid_input"), error);
    if (!isValidUsername(credentials->username))
        return ex->replyError(400, QStringLiteral("invalid_input"),
                              QStringLiteral("'username' must be 1-64 chars of letters, digits, _ . @ -"));
    if (!roles::isValid(*role))
        return ex->replyError(400, QStringLiteral("invalid_input"),
                              QStringLiteral("'role' must be admin, support or user"));
    if (const QString policy = auth::checkPasswordPolicy(credentials->password); !policy.isEmpty())
        return ex->replyError(400, QStringLiteral("invalid_input"), policy);
    if (s.users.findByName(credentials->username))
        return ex->replyError(409, QStringLiteral("conflict"),
                              QStringLiteral("user '%1' exists").arg(credentials->username));
    const QString pw = credentials->password;
    hashNewPassword(
        s, pw, [&s, ex, who = *caller, name = credentials->username, r = *role](const QString &hash) {
            qint64 id = 0;
            const StoreResult res = s.users.create(name, hash, r, &id);
            if (res == StoreResult::Conflict)
                return ex->replyError(409, QStringLiteral("conflict"),
                                      QStringLiteral("user '%1' exists").arg(name));
            if (res != StoreResult::Ok)
                return ex->replyError(503, QStringLiteral("database_unavailable"),
                                      QStringLiteral("could not store the user"));
            s.audit.record(who, QStringLiteral("user.add"), QStringLiteral("user"), QString::number(id),
                           {{QStringLiteral("username"), name}, {QStringLiteral("role"), r}});
            ex->replyJson(201, userJson(*s.users.findById(id)));
        });
}

void removeUser(GatewayServices &s, const ExchangePtr &ex)
{
    const auto caller = s.authn.requireRole(ex, kAdminOnly);
    if (!caller)
        return;
    bool ok = false;
    const qint64 id = ex->param(QStringLiteral("id")).toLongLong(&ok);
    if (!ok)
        return ex->replyError(404, QStringLiteral("not_found"), QStringLiteral("no such user"));
    if (id == caller->id)
        return ex->replyError(409, QStringLiteral("conflict"), QStringLiteral("you cannot remove yourself"));
    switch (s.users.remove(id)) {
    case StoreResult::Ok:
        accountChanged(s, id, TokenEpochs::kGone, QStringLiteral("user removed"));
        s.audit.record(*caller, QStringLiteral("user.remove"), QStringLiteral("user"), QString::number(id));
        return ex->replyEmpty(204);
    case StoreResult::NotFound:
        return ex->replyError(404, QStringLiteral("not_found"), QStringLiteral("no such user"));
    case StoreResult::Conflict:
        return ex->replyError(409, QStringLiteral("conflict"),
                              QStringLiteral("the user still owns devices; remove or reassign them first"));
    default:
        return ex->replyError(503, QStringLiteral("database_unavailable"),
                              QStringLiteral("could not remove"));
    }
}

std::optional<qint64> userIdParam(const ExchangePtr &ex)
{
    bool ok = false;
    const qint64 id = ex->param(QStringLiteral("id")).toLongLong(&ok);
    if (!ok) {
        ex->replyError(404, QStringLiteral("not_found"), QStringLiteral("no such user"));
        return std::nullopt;
    }
    return id;
}

void storeUserChange(GatewayServices &s, const ExchangePtr &ex, const Caller &who, qint64 id,
                     const std::optional<QString> &role, const std::optional<QString> &hash)
{
    UserRecord updated;
    switch (s.users.update(id, role, hash, &updated)) {
    case StoreResult::Ok:
        break;
    case StoreResult::NotFound:
        return ex->replyError(404, QStringLiteral("not_found"), QStringLiteral("no such user"));
    default:
        return ex->replyError(503, QStringLiteral("database_unavailable"), QStringLiteral("could not store"));
    }
    accountChanged(s, id, updated.tokenEpoch,
                   role ? QStringLiteral("role changed") : QStringLiteral("password changed"));
    QJsonObject details;
    if (role)
        details.insert(QStringLiteral("role"), *role);
    if (hash)
        details.insert(QStringLiteral("password"), true);
    s.audit.record(who, QStringLiteral("user.update"), QStringLiteral("user"), QString::number(id), details);
    ex->replyJson(200, userJson(updated));
}

// PATCH /api/users/{id} {"role"?, "password"?}: the user's tokens stop working and their /ws closes.
void updateUser(GatewayServices &s, const ExchangePtr &ex)
{
    const auto caller = s.authn.requireRole(ex, kAdminOnly);
    if (!caller)
        return;
    const auto id = userIdParam(ex);
    if (!id)
        return;
    const auto body = ex->jsonObjectBody(s.config.maxBodyBytes);
    if (!body)
        return;
    for (const QString &key : body->keys())
        if (key != QLatin1String("role") && key != QLatin1String("password"))
            return ex->replyError(
                400, QStringLiteral("invalid_input"),
                QStringLiteral("unknown field '%1': only 'role' and 'password' can change").arg(key));
    if (body->isEmpty())
        return ex->replyError(400, QStringLiteral("invalid_input"),
                              QStringLiteral("give 'role' and/or 'password'"));
    QString error;
    std::optional<QString> role, password;
    if (body->contains(QStringLiteral("role"))) {
        role = spk::proto::readString(*body, QStringLiteral("role"), 16, &error);
        if (!role || !roles::isValid(*role))
            return ex->replyError(400, QStringLiteral("invalid_input"),
                                  QStringLiteral("'role' must be admin, support or user"));
        if (*id == caller->id && *role != caller->role)
            return ex->replyError(409, QStringLiteral("conflict"),
                                  QStringLiteral("you cannot change your own role"));
    }
    if (body->contains(QStringLiteral("password"))) {
        password = spk::proto::readString(*body, QStringLiteral("password"), 128, &error);
        if (!password)
            return ex->replyError(400, QStringLiteral("invalid_input"), error);
        if (const QString policy = auth::checkPasswordPolicy(*password); !policy.isEmpty())
            return ex->replyError(400, QStringLiteral("invalid_input"), policy);
    }
    if (!s.users.findById(*id))
        return ex->replyError(404, QStringLiteral("not_found"), QStringLiteral("no such user"));
    if (!password)
        return storeUserChange(s, ex, *caller, *id, role, std::nullopt);
    hashNewPassword(s, *password, [&s, ex, who = *caller, id = *id, role](const QString &hash) {
        if (hash.isEmpty())
            return ex->replyError(500, QStringLiteral("internal_error"),
                                  QStringLiteral("could not hash the password"));
        storeUserChange(s, ex, who, id, role, hash);
    });
}

} // namespace

void registerUserRoutes(HttpServer &http, GatewayServices &s)
{
    using M = QHttpServerRequest::Method;
    http.route(M::Get, QStringLiteral("/api/users"), [&s](const ExchangePtr &ex) { listUsers(s, ex); });
    http.route(M::Post, QStringLiteral("/api/users"), [&s](const ExchangePtr &ex) { addUser(s, ex); });
    http.route(M::Patch, QStringLiteral("/api/users/{id}"),
               [&s](const ExchangePtr &ex) { updateUser(s, ex); });
    http.route(M::Delete, QStringLiteral("/api/users/{id}"),
               [&s](const ExchangePtr &ex) { removeUser(s, ex); });
}

} // namespace spk::server
