#pragma once
// The gateway role: REST API, live WebSocket, device status and commands over MQTT.
#include "server/gateway/caller.h"
#include "server/http/http_exchange.h"

#include <QObject>
#include <functional>
#include <memory>
#include <optional>

namespace spk::server {
struct ServerConfig;
class Database;
class Cache;
class MqttClient;
class HttpServer;
class Metrics;
namespace auth {
class TokenService;
}

class Gateway : public QObject
{
    Q_OBJECT
public:
    Gateway(const ServerConfig &config, Database &db, Cache &cache, MqttClient &mqtt, HttpServer &http,
            Metrics &metrics, auth::TokenService &tokens, QObject *parent = nullptr);
    ~Gateway() override;

    // Loads the device directory and revoked tokens, subscribes, registers routes.
    void start();
    // Called after a device is added, deleted or given a new secret (the broker's credentials follow).
    void onRegistryChanged(std::function<void()> callback);
    // The caller of an admin-only endpoint outside the gateway's own routes (/metrics); else 401/403.
    std::optional<Caller> requireAdmin(const ExchangePtr &exchange) const;
    // Flushes queued status reports (shutdown).
    void flush();

private:
    struct Parts;
    std::unique_ptr<Parts> p_;
};

} // namespace spk::server
