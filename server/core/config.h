#pragma once
// spkd's configuration: defaults, then the YAML file, then SPK_… environment variables
// (the key path upper-cased and joined by '_': http.port -> SPK_HTTP_PORT). See docs/configuration.md.
#include "server/core/bridge_config.h"
#include "server/core/http_limits.h"
#include "server/core/pipeline_config.h"

#include <QString>
#include <QStringList>

namespace spk::server {

struct ServerConfig
{
    QString role = QStringLiteral("all"); // gateway | bridge | all
    QString dataDir = QStringLiteral(".spk-data");
    QString logLevel = QStringLiteral("info");  // debug | info | warning | error
    QString logFormat = QStringLiteral("text"); // log.format: text | json (one object per line)

    // http.*
    QString httpHost = QStringLiteral("127.0.0.1");
    int httpPort = 8080;
    qint64 maxBodyBytes = 1024 * 1024;
    // http.trusted_proxies: peers whose X-Forwarded-For names the client (nginx, an ingress)
    QString trustedProxies;
    // http.max_url_bytes … http.ws_max_message_bytes: what the HTTP front accepts (its maxBodyBytes unused)
    HttpLimits httpLimits;

    // database.url: empty = sqlite:<data_dir>/spk.db
    QString databaseUrl;
    // cache.url: "memory:" or "redis://host:port"; cache.device_list_ttl seconds
    QString cacheUrl = QStringLiteral("memory:");
    int deviceListTtl = 60;
    // cache.prefix: prepended to every cache key, so several deployments can share one Redis
    QString cachePrefix = QStringLiteral("spk:");

    // mqtt.*: embedded = spkd starts a private Mosquitto on 127.0.0.1:embedded_port
    bool mqttEmbedded = true;
    QString mqttUrl = QStringLiteral("tcp://127.0.0.1:1883");
    int mqttEmbeddedPort = 1883;
    QString mosquittoBin = QStringLiteral("/usr/sbin/mosquitto");
    // spkd's own broker login (protocol.md §7); password empty = the embedded broker gets a random one
    QString mqttUsername = QStringLiteral("spkd");
    QString mqttPassword;
    QString mqttCaFile;              // mqtt.ca_file: CA of a TLS broker (ssl:// or mqtts:// mqtt.url)
    bool mqttAllowAnonymous = false; // development only: the embedded broker takes anyone
    // The broker credentials file this gateway writes from the device registry (empty: embedded =
    // <data_dir>/mosquitto/credentials, external = none, e.g. EMQX asks /api/broker/* instead)
    QString mqttCredentialsFile;
    QString mqttAuthPlugin;                 // spk_mosquitto_auth.so; empty = next to spkd or in ../lib/spk
    int mqttBrokerMaxMessageBytes = 262144; // the embedded broker refuses bigger PUBLISHes
    QString mqttBrokerHookToken; // EMQX's bearer token for /api/broker/*; empty = those routes are off

    // auth.*: jwt_secret empty = generated once into <data_dir>/jwt.key
    QString jwtSecret;
    int tokenTtl = 3600;
    int loginMaxFailures = 5;
    int loginWindow = 300;
    int loginLockout = 300;
    // Password checks (argon2id) at once in total and per source, and how many may wait (issue 10)
    int maxConcurrentVerifications = 4;
    int maxConcurrentVerificationsPerSource = 2;
    int verificationQueueLength = 64;
    int verificationQueuePerSource = 8;

    // devices.*
    int ackTimeoutMs = 5000;
    int statusFlushMs = 200;

    // metrics.public: false = /metrics needs an admin token
    bool metricsPublic = true;

    // ws.*: live WebSocket keep-alive
    int wsPingSeconds = 30;
    int wsIdleTimeoutSeconds = 60;
    // Open /ws connections per user and per token; 0 = no cap
    int wsMaxConnectionsPerUser = 20;
    int wsMaxConnectionsPerToken = 5;

    // asr.*, dialogue.*, llm.*, tts.*: the voice pipeline (docs/pipeline.md)
    pipeline::PipelineConfig pipeline;
    // bridge.*: the voice bridge (docs/bridge.md); data_dir, http.host and ws.* are copied in
    BridgeConfig bridge;

    QString effectiveDatabaseUrl() const;
};

// Loads defaults, then file (if not empty), then the environment. Returns false and sets *error on a
// missing file, a YAML syntax error, an unknown key, a wrong type or an out-of-range value.
bool loadServerConfig(const QString &file, ServerConfig *out, QString *error);

// Every key with its environment variable and current value, for `spkd config` and the docs.
QStringList describeConfig(const ServerConfig &config);

} // namespace spk::server
