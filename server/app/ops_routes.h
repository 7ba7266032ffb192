#pragma once
// GET /healthz, /readyz and /metrics, served by every spkd process whatever its role, so orchestrators
// probe and Prometheus scrapes gateways and bridges alike (docs/metrics.md, docs/deploy.md).
#include "server/http/http_exchange.h"

#include <functional>

namespace spk::server {
class Database;
class HttpServer;
class Metrics;
class MqttClient;

struct OpsProbes
{
    Database &db;
    MqttClient &mqtt;
    Metrics &metrics;
    std::function<bool()> cacheReachable; // empty = no cache in this role
    bool metricsPublic = false;
    // Answers 401/403 and returns false unless the caller may read /metrics (an admin).
    std::function<bool(const ExchangePtr &)> allowMetrics;
};

void registerOpsRoutes(HttpServer &http, OpsProbes probes);

} // namespace spk::server
