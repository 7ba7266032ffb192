// GET/POST /api/users, DELETE /api/users/{id} (admin only)
#include "server/auth/passwords.h"
#include "server/devices/audit_log.h"
#include "server/gateway/authenticator.h"
#include "server/gateway/credentials.h"
#include "server/gateway/gateway_services.h"
#include "server/gateway/json_views.h"
#include "server/gateway/replica_sync.h"
#include "server/http/http_server.h"
#include "server/storage/user_store.h"
#include "shared/protocol/json_input.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QtConcurrent/QtConcurrentRun>

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

void addUser(GatewayServices &s, HttpServer &http, const ExchangePtr &ex)
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
    QtConcurrent::run([pw] {
        return auth::hashPassword(pw);
    }).then(&http, [&s, ex, who = *caller, name = credentials->username, r = *role](const QString &hash) {
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
        s.authn.userRemoved(id);
        s.replicas.userRemoved(id);
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

} // namespace

void registerUserRoutes(HttpServer &http, GatewayServices &s)
{
    using M = QHttpServerRequest::Method;
    http.route(M::Get, QStringLiteral("/api/users"), [&s](const ExchangePtr &ex) { listUsers(s, ex); });
    http.route(M::Post, QStringLiteral("/api/users"),
               [&s, &http](const ExchangePtr &ex) { addUser(s, http, ex); });
    http.route(M::Delete, QStringLiteral("/api/users/{id}"),
               [&s](const ExchangePtr &ex) { removeUser(s, ex); });
}

} // namespace spk::server
