#pragma once
// The bridge role of spkd (seed scene 3, protocol.md §3–§6): wake handling, the UDP uplink, the voice
// pipeline (ASR -> dialogue -> TTS), the device WebSocket downlink and its fallback, session
// recording. Construct it before the HTTP server listens (it registers /ws/audio and the fallback
// route), start() it, then tell it the bound HTTP port. Single-threaded: everything runs on the
// thread that owns it; the pipeline's workers report back through queued signals.
#include "server/core/bridge_config.h"
#include "server/core/pipeline_config.h"

#include <QObject>
#include <memory>

namespace spk::server {
class Cache;
class Database;
class MqttClient;
struct MqttMessage;
class HttpServer;
class Metrics;
class UdpIngest;
class DeviceAudioHub;

class Bridge : public QObject
{
    Q_OBJECT
public:
    Bridge(BridgeConfig config, pipeline::PipelineConfig pipelineConfig, Database &db, MqttClient &mqtt,
           HttpServer &http, Metrics &metrics, Cache *sharedCache = nullptr, QObject *parent = nullptr);
    ~Bridge() override;

    // Loads the pipeline (ASR models, intents, TTS), binds UDP, registers routes, subscribes.
    bool start(QString *error);
    // Ends every live conversation (their rows are failed on the next start) and stops listening.
    void stop();
    // The HTTP server's bound port, for ws_url and fallback URLs when bridge.public_url is empty.
    void setHttpPort(quint16 port);

    quint16 udpPort() const;
    QString publicHttpUrl() const;
    int activeSessions() const;
    UdpIngest &ingest();
    DeviceAudioHub &audioHub();

private:
    void onMqttMessage(const MqttMessage &message);
    void onSessionEnd(const QString &deviceId, const QByteArray &payload);
    void wire(class Conversation *conversation);

    struct Parts;
    std::unique_ptr<Parts> p_;
};

} // namespace spk::server
