// POST /api/broker/auth and /api/broker/acl: EMQX's HTTP authentication and authorization, answered
// from the device registry with the same rule the spk Mosquitto plugin applies (protocol.md §7,
// docs/mqtt-auth.md). EMQX sends the bearer token of mqtt.broker_hook_token; without that key set the
// routes do not exist (404), so an installation that does not use EMQX exposes nothing.
#include "server/auth/passwords.h"
#include "server/gateway/gateway_services.h"
#include "server/http/bearer_token.h"
#include "server/http/http_server.h"
#include "server/storage/device_store.h"
#include "shared/wire/device_acl.h"

#include <QCryptographicHash>
#include <sodium.h>

namespace spk::server {

namespace {

// Constant time on equal-length digests, so the comparison reveals nothing about the expected value.
bool sameSecret(const QString &given, const QString &expected)
{
    const QByteArray a = QCryptographicHash::hash(given.toUtf8(), QCryptographicHash::Sha256);
    const QByteArray b = QCryptographicHash::hash(expected.toUtf8(), QCryptographicHash::Sha256);
    return !expected.isEmpty() && sodium_memcmp(a.constData(), b.constData(), size_t(a.size())) == 0;
}

// The caller is EMQX: false (and a reply sent) otherwise.
bool fromBroker(GatewayServices &s, const ExchangePtr &ex)
{
    if (s.config.mqttBrokerHookToken.isEmpty()) {
        ex->replyError(404, QStringLiteral("not_found"), QStringLiteral("no such route"));
        return false;
    }
    if (!sameSecret(bearerToken(ex->header("Authorization"), {}), s.config.mqttBrokerHookToken)) {
        ex->replyError(401, QStringLiteral("unauthorized"),
                       QStringLiteral("the broker hook token is missing or wrong"));
        return false;
    }
    return true;
}

QString field(const QJsonObject &body, const char *name)
{
    const QJsonValue v = body.value(QLatin1String(name));
    return v.isString() ? v.toString() : QString();
}

void reply(const ExchangePtr &ex, bool allow, bool superuser = false)
{
    QJsonObject out{{QStringLiteral("result"), allow ? QStringLiteral("allow") : QStringLiteral("deny")}};
    if (allow)
        out.insert(QStringLiteral("is_superuser"), superuser);
    ex->replyJson(200, out);
}

// {"clientid","username","password"} → {"result":"allow"|"deny","is_superuser"}
void authenticate(GatewayServices &s, const ExchangePtr &ex)
{
    if (!fromBroker(s, ex))
        return;
    const auto body = ex->jsonObjectBody(s.config.maxBodyBytes);
    if (!body)
        return;
    const QString username = field(*body, "username"), password = field(*body, "password");
    if (username.isEmpty() || password.isEmpty())
        return reply(ex, false);
    if (username == s.config.mqttUsername)
        return reply(ex, sameSecret(password, s.config.mqttPassword), true);
    // A device: client id = username = its id, and the secret whose digest spkd stored.
    if (field(*body, "clientid") != username || !spk::wire::isValidIdentifier(username.toStdString()))
        return reply(ex, false);
    const auto device = s.devices.find(username);
    reply(ex, device && auth::verifyDeviceSecret(device->secretHash, password));
}

// {"username","topic","action":"publish"|"subscribe"} → {"result":"allow"|"deny"}
void authorize(GatewayServices &s, const ExchangePtr &ex)
{
    if (!fromBroker(s, ex))
        return;
    const auto body = ex->jsonObjectBody(s.config.maxBodyBytes);
    if (!body)
        return;
    const QString username = field(*body, "username"), action = field(*body, "action");
    const std::string topic = field(*body, "topic").toStdString();
    if (username == s.config.mqttUsername && !username.isEmpty())
        return reply(ex, true); // normally not asked: EMQX skips authorization for superusers
    spk::wire::MqttAccess access;
    if (action == QLatin1String("publish"))
        access = spk::wire::MqttAccess::Publish;
    else if (action == QLatin1String("subscribe"))
        access = spk::wire::MqttAccess::Subscribe;
    else
        return reply(ex, false);
    // The device must still be registered: a deleted one is denied even on a connection EMQX kept.
    const std::string id = username.toStdString();
    reply(ex, spk::wire::deviceMay(access, id, topic) && s.devices.find(username).has_value());
}

} // namespace

void registerBrokerHookRoutes(HttpServer &http, GatewayServices &s)
{
    using M = QHttpServerRequest::Method;
    http.route(M::Post, QStringLiteral("/api/broker/auth"),
               [&s](const ExchangePtr &ex) { authenticate(s, ex); });
    http.route(M::Post, QStringLiteral("/api/broker/acl"), [&s](const ExchangePtr &ex) { authorize(s, ex); });
}

} // namespace spk::server
