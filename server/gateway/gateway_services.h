#pragma once
// Everything the REST routes share, owned by Gateway. Routes take it by reference.
#include "server/core/config.h"

#include <functional>

namespace spk::server {
namespace auth {
class TokenService;
} // namespace auth
class LoginThrottle;
class PasswordChecks;
class Database;
class UserStore;
class DeviceStore;
class SessionStore;
class AuditStore;
class RevokedTokenStore;
class Metrics;
class Authenticator;
class DeviceDirectory;
class DeviceListCache;
class DeviceCommands;
class DeviceConfigService;
class AuditLog;
class LiveHub;
class ReplicaSync;
class RealtimeDeviceState;
class MqttClient;
class HttpServer;

struct GatewayServices
{
    const ServerConfig &config;
    Database &db;
    UserStore &users;
    DeviceStore &devices;
    SessionStore &sessions;
    AuditStore &auditStore;
    RevokedTokenStore &revoked;
    Metrics &metrics;
    auth::TokenService &tokens;
    LoginThrottle &limiter;
    PasswordChecks &passwordChecks; // argon2id off the event loop, bounded and fair
    Authenticator &authn;
    DeviceDirectory &directory;
    DeviceListCache &listCache;
    DeviceCommands &commands;
    DeviceConfigService &deviceConfig;
    AuditLog &audit;
    LiveHub &live;
    MqttClient &mqtt;
    ReplicaSync &replicas;                   // tells the other gateway replicas
    RealtimeDeviceState *realtime = nullptr; // the last status per device, in the shared cache
    // After a device is added, deleted or re-keyed (may be empty): the broker credentials follow.
    std::function<void()> registryChanged;
    void notifyRegistryChanged() const
    {
        if (registryChanged)
            registryChanged();
    }
};

void registerAuthRoutes(HttpServer &http, GatewayServices &s);
void registerUserRoutes(HttpServer &http, GatewayServices &s);
void registerDeviceRoutes(HttpServer &http, GatewayServices &s);
void registerDeviceCommandRoutes(HttpServer &http, GatewayServices &s);
void registerSessionRoutes(HttpServer &http, GatewayServices &s);
void registerAuditRoutes(HttpServer &http, GatewayServices &s);
void registerBrokerHookRoutes(HttpServer &http, GatewayServices &s); // EMQX HTTP auth/authz

} // namespace spk::server
