// PUT /api/devices/{id}/config, POST /api/devices/{id}/reboot (seed scene 2)
#include "server/devices/audit_log.h"
#include "server/devices/device_commands.h"
#include "server/devices/device_config_service.h"
#include "server/gateway/authenticator.h"
#include "server/gateway/device_access.h"
#include "server/gateway/gateway_services.h"
#include "server/http/http_server.h"
#include "server/storage/device_store.h"
#include "shared/protocol/device_messages.h"
#include "shared/protocol/json_input.h"

namespace spk::server {

namespace {

std::optional<DeviceRecord> controllableDevice(GatewayServices &s, const ExchangePtr &ex, Caller *who)
{
    const auto caller = s.authn.require(ex);
    if (!caller)
        return std::nullopt;
    auto device = findVisibleDevice(s.devices, *caller, ex->param(QStringLiteral("id")), ex);
    if (!device)
        return std::nullopt;
    if (!canControl(*caller, *device)) {
        ex->replyError(403, QStringLiteral("forbidden"),
                       QStringLiteral("the %1 role may not change devices").arg(caller->role));
        return std::nullopt;
    }
    *who = *caller;
    return device;
}

void replyTimeout(const ExchangePtr &ex, const QString &deviceId, const QString &what)
{
    const QJsonObject error{
        {QStringLiteral("code"), QStringLiteral("device_timeout")},
        {QStringLiteral("message"),
         QStringLiteral("device %1 did not acknowledge the %2 in time").arg(deviceId, what)}};
    ex->replyJson(504, {{QStringLiteral("success"), false}, {QStringLiteral("error"), error}});
}

void putConfig(GatewayServices &s, const ExchangePtr &ex)
{
    Caller caller;
    const auto device = controllableDevice(s, ex, &caller);
    if (!device)
        return;
    const auto body = ex->jsonObjectBody(s.config.maxBodyBytes);
    if (!body)
        return;
    QString error;
    const auto patch = spk::proto::parseDeviceConfig((*body), &error);
    if (!patch)
        return ex->replyError(400, QStringLiteral("invalid_input"), error);

    using Outcome = DeviceConfigService::Outcome;
    const auto sent = s.deviceConfig.change(
        device->id, *patch, caller,
        [ex, id = device->id](bool acked, const spk::wire::DeviceConfig &config, const QString &requestId) {
            if (!acked)
                return replyTimeout(ex, id, QStringLiteral("config"));
            ex->replyJson(200, {{QStringLiteral("success"), true},
                                {QStringLiteral("config"), spk::proto::toJson(config)},
                                {QStringLiteral("request_id"), requestId}});
        });
    switch (sent.outcome) {
    case Outcome::Sent:
        return;
    case Outcome::BrokerUnavailable:
        return ex->replyError(
            503, QStringLiteral("broker_unavailable"),
            QStringLiteral("the config is saved and will be delivered when the broker is back"));
    default:
        return ex->replyError(503, QStringLiteral("database_unavailable"),
                              QStringLiteral("could not store the config"));
    }
}

void postReboot(GatewayServices &s, const ExchangePtr &ex)
{
    Caller caller;
    const auto device = controllableDevice(s, ex, &caller);
    if (!device)
        return;
    const QString requestId = spk::proto::newRequestId();
    s.audit.record(caller, QStringLiteral("device.reboot"), QStringLiteral("device"), device->id,
                   {{QStringLiteral("request_id"), requestId}});
    const bool queued = s.commands.send(DeviceCommands::Kind::Reboot, device->id, requestId, {},
                                        [ex, id = device->id](bool acked, const QJsonObject &) {
                                            if (!acked)
                                                return replyTimeout(ex, id, QStringLiteral("reboot"));
                                            ex->replyJson(200, {{QStringLiteral("success"), true}});
                                        });
    if (!queued)
        ex->replyError(503, QStringLiteral("broker_unavailable"),
                       QStringLiteral("the broker is not reachable"));
}

} // namespace

void registerDeviceCommandRoutes(HttpServer &http, GatewayServices &s)
{
    using M = QHttpServerRequest::Method;
    http.route(M::Put, QStringLiteral("/api/devices/{id}/config"),
               [&s](const ExchangePtr &ex) { putConfig(s, ex); });
    http.route(M::Post, QStringLiteral("/api/devices/{id}/reboot"),
               [&s](const ExchangePtr &ex) { postReboot(s, ex); });
}

} // namespace spk::server
