#pragma once
// An in-process spkd for the bridge tests: SQLite in a temp dir, the private Mosquitto (the embedded
// broker), the gateway (REST: session details and audio downloads) and the bridge with the given
// configs, on free ports. In-process so each test chooses its own bridge and pipeline settings
// (e.g. a dead ASR primary) and reads the metrics directly.
#include "server/bridge/bridge.h"
#include "server/core/config.h"
#include "server/core/metrics.h"

#include <QTemporaryDir>
#include <memory>

namespace spk::server {
class Database;
class Cache;
class EmbeddedBroker;
class MqttClient;
class HttpServer;
class Gateway;
namespace auth {
class TokenService;
}
} // namespace spk::server

namespace spk::test {

class BridgeStack
{
public:
    BridgeStack();
    ~BridgeStack();

    // bridge.dataDir/httpHost/udp* are filled in; everything else is taken as given.
    bool start(spk::server::BridgeConfig bridge, spk::server::pipeline::PipelineConfig pipeline,
               QString *error);

    // A device owned by the admin; returns its secret.
    QString addDevice(const QString &id);
    QString adminToken() const { return adminToken_; }
    QString baseUrl() const;
    QString mqttUrl() const;
    spk::server::Metrics &metrics() { return metrics_; }
    spk::server::Bridge &bridge() { return *bridge_; }
    spk::server::Database &db() { return *db_; }
    QString dataDir() const { return dir_.path(); }

private:
    QTemporaryDir dir_;
    spk::server::ServerConfig config_;
    spk::server::Metrics metrics_;
    std::unique_ptr<spk::server::Database> db_;
    std::unique_ptr<spk::server::Cache> cache_;
    std::unique_ptr<spk::server::EmbeddedBroker> broker_;
    std::unique_ptr<spk::server::MqttClient> mqtt_;
    std::unique_ptr<spk::server::HttpServer> http_;
    std::unique_ptr<spk::server::auth::TokenService> tokens_;
    std::unique_ptr<spk::server::Gateway> gateway_;
    std::unique_ptr<spk::server::Bridge> bridge_;
    quint16 httpPort_ = 0;
    qint64 adminId_ = 0;
    QString adminToken_;
};

} // namespace spk::test
