#include "server/bridge/bridge.h"
#include "server/bridge/bridge_membership.h"

#include "server/bridge/bridge_context.h"
#include "server/bridge/bridge_metrics.h"
#include "server/bridge/bridge_pipeline.h"
#include "server/bridge/conversation_registry.h"
#include "server/bridge/device_audio_hub.h"
#include "server/bridge/device_config_action.h"
#include "server/bridge/fallback_store.h"
#include "server/bridge/reply_engine.h"
#include "server/bridge/udp_ingest.h"
#include "server/bridge/wake_handler.h"
#include "server/bridge/wake_router.h"
#include "server/core/logging.h"
#include "server/core/metrics.h"
#include "server/devices/audit_log.h"
#include "server/devices/device_commands.h"
#include "server/devices/device_config_service.h"
#include "server/devices/recording_janitor.h"
#include "server/http/http_server.h"
#include "server/mqtt/mqtt_client.h"
#include "server/pipeline/asr/asr_backend.h"
#include "server/storage/audit_store.h"
#include "server/storage/bridge_store.h"
#include "server/storage/device_store.h"
#include "server/storage/session_store.h"
#include "shared/protocol/device_messages.h"
#include "shared/protocol/ids.h"
#include "shared/protocol/json_input.h"
#include "shared/protocol/topics.h"

#include <QDir>
#include <QTimer>

namespace spk::server {

using spk::proto::DeviceTopic;

namespace {
spk::media::JitterBufferSettings jitterSettings(const BridgeConfig &c)
{
    spk::media::JitterBufferSettings s;
    s.targetDelayMs = c.jitterTargetMs;
    return s;
}
} // namespace

struct Bridge::Parts
{
    Parts(BridgeConfig c, pipeline::PipelineConfig pc, Database &db, MqttClient &m, HttpServer &h,
          Metrics &mx, Cache *cache)
        : config(c.withDefaults()), pipelineConfig(std::move(pc)), sessions(db), devices(db), mqtt(m),
          http(h), metrics(mx), ingest(mx, jitterSettings(config)),
          audioHub(devices, mx, config.wsPingSeconds, config.wsIdleTimeoutSeconds),
          fallback(mx, {config.fallbackTtlSeconds, config.fallbackMaxBytes, cache, config.cacheKeyPrefix}),
          auditStore(db), audit(auditStore), commands(m, mx, 0), deviceConfig(devices, audit, commands),
          actions(deviceConfig), bridges(db), membership(config, bridges, sessions, mx),
          router(membership, bridges, audioHub, m, mx),
          janitor(db, QDir(config.dataDir).absoluteFilePath(QStringLiteral("audio")),
                  config.recordingRetentionDays, mx)
    {
    }
    BridgeConfig config;
    pipeline::PipelineConfig pipelineConfig;
    SessionStore sessions;
    DeviceStore devices;
    MqttClient &mqtt;
    HttpServer &http;
    Metrics &metrics;
    UdpIngest ingest;
    DeviceAudioHub audioHub;
    FallbackStore fallback;
    // Spoken config changes: persisted, audited, published. Acks are recorded by the gateway (in this
    // process or another), so these commands never wait for one.
    AuditStore auditStore;
    AuditLog audit;
    DeviceCommands commands;
    DeviceConfigService deviceConfig;
    DeviceConfigAction actions;
    BridgeStore bridges;
    BridgeMembership membership;
    WakeRouter router;
    RecordingJanitor janitor;
    std::unique_ptr<BridgePipeline> pipeline;
    std::unique_ptr<BridgeContext> ctx;
    ConversationRegistry registry;
    std::unique_ptr<WakeHandler> wake;
    QTimer timeouts;
    quint16 httpPort = 0;
    bool started = false;
};

Bridge::Bridge(BridgeConfig config, pipeline::PipelineConfig pipelineConfig, Database &db, MqttClient &mqtt,
               HttpServer &http, Metrics &metrics, Cache *sharedCache, QObject *parent)
    : QObject(parent), p_(std::make_unique<Parts>(std::move(config), std::move(pipelineConfig), db, mqtt,
                                                  http, metrics, sharedCache))
{
    p_->registry.exportSize(&metrics.gauge(bridge_metrics::kActiveSessions));
    // The histograms exist from the start (a scrape shows them before the first session).
    metrics.histogram(bridge_metrics::kWakeAckSeconds);
    metrics.histogram(bridge_metrics::kFirstReplyFrameSeconds);
    for (const char *stage : {ConversationLifecycle::kFinalTranscript, ConversationLifecycle::kFirstLlmToken,
                              ConversationLifecycle::kFirstTtsAudio})
        metrics.histogram(bridge_metrics::kStageSeconds, QLatin1String(stage));
}

Bridge::~Bridge()
{
    stop();
}

quint16 Bridge::udpPort() const
{
    return p_->ingest.port();
}

int Bridge::activeSessions() const
{
    return p_->registry.size();
}

UdpIngest &Bridge::ingest()
{
    return p_->ingest;
}

DeviceAudioHub &Bridge::audioHub()
{
    return p_->audioHub;
}

void Bridge::setHttpPort(quint16 port)
{
    p_->httpPort = port;
}

QString Bridge::publicHttpUrl() const
{
    if (!p_->config.publicUrl.isEmpty())
        return p_->config.publicUrl.endsWith(QLatin1Char('/')) ? p_->config.publicUrl.chopped(1)
                                                               : p_->config.publicUrl;
    QString host = p_->config.httpHost;
    if (host == QLatin1String("0.0.0.0") || host == QLatin1String("::"))
        host = QStringLiteral("127.0.0.1");
    return QStringLiteral("http://%1:%2").arg(host).arg(p_->httpPort);
}

bool Bridge::start(QString *error)
{
    p_->pipeline = BridgePipeline::create(p_->pipelineConfig, error);
    if (!p_->pipeline)
        return false;
    const QHostAddress udpAddress(p_->config.udpHost);
    if (udpAddress.isNull()) {
        *error = QStringLiteral("bridge.udp_host is not an IP address: %1").arg(p_->config.udpHost);
        return false;
    }
    if (!p_->ingest.bind(udpAddress, quint16(p_->config.udpPort), error, p_->config.mediaThreads))
        return false;

    p_->ctx.reset(new BridgeContext{p_->config,
                                    p_->sessions,
                                    p_->devices,
                                    p_->mqtt,
                                    p_->metrics,
                                    p_->ingest,
                                    p_->audioHub,
                                    p_->fallback,
                                    p_->pipeline->asr(),
                                    p_->pipeline->reply(),
                                    p_->actions,
                                    [this] { return publicHttpUrl(); },
                                    {}});
    p_->ctx->clock.start();

    WakeHandler::Endpoints endpoints;
    endpoints.udpHost = [this] {
        if (!p_->config.udpPublicHost.isEmpty())
            return p_->config.udpPublicHost;
        const QHostAddress a(p_->config.udpHost);
        return (a == QHostAddress::AnyIPv4 || a == QHostAddress::Any || a == QHostAddress::AnyIPv6)
                   ? QUrl(publicHttpUrl()).host()
                   : p_->config.udpHost;
    };
    endpoints.udpPort = [this] { return p_->ingest.port(); };
    endpoints.wsUrl = [this] {
        QString base = publicHttpUrl();
        base.replace(0, 4, QStringLiteral("ws")); // http -> ws, https -> wss
        return base + QStringLiteral("/ws/audio");
    };
    p_->wake = std::make_unique<WakeHandler>(*p_->ctx, p_->registry, endpoints,
                                             [this](Conversation *c) { wire(c); });

    // Pipeline results, routed to their conversation by id.
    auto *asr = &p_->pipeline->asr();
    const auto conversationOf = [this](const QString &id) { return p_->registry.find(id.toLongLong()); };
    connect(asr, &pipeline::AsrBackend::partialTranscript, this,
            [conversationOf](const QString &id, const QString &t) {
                if (auto *c = conversationOf(id))
                    c->onPartial(t);
            });
    connect(asr, &pipeline::AsrBackend::finalTranscript, this,
            [conversationOf](const QString &id, const QString &t, double) {
                if (auto *c = conversationOf(id))
                    c->onFinal(t);
            });
    connect(asr, &pipeline::AsrBackend::streamFailed, this,
            [conversationOf](const QString &id, const QString &m) {
                if (auto *c = conversationOf(id))
                    c->onAsrFailed(m);
            });
    ReplyEngine *reply = &p_->pipeline->reply();
    connect(reply, &ReplyEngine::firstToken, this, [conversationOf](const QString &id) {
        if (auto *c = conversationOf(id))
            c->onFirstToken();
    });
    connect(reply, &ReplyEngine::sentence, this, [conversationOf](const QString &id, const QString &t) {
        if (auto *c = conversationOf(id))
            c->onSentence(t);
    });
    connect(reply, &ReplyEngine::audio, this, [conversationOf](const QString &id, const QByteArray &pcm) {
        if (auto *c = conversationOf(id))
            c->onReplyAudio(pcm);
    });
    connect(reply, &ReplyEngine::action, this, [conversationOf](const QString &id, const QJsonObject &a) {
        if (auto *c = conversationOf(id))
            c->onAction(a);
    });
    connect(reply, &ReplyEngine::finished, this, [conversationOf](const QString &id, const QString &t) {
        if (auto *c = conversationOf(id))
            c->onReplyFinished(t);
    });
    connect(reply, &ReplyEngine::failed, this, [conversationOf](const QString &id, const QString &m) {
        if (auto *c = conversationOf(id))
            c->onReplyFailed(m);
    });
    connect(&p_->audioHub, &DeviceAudioHub::deviceDisconnected, this, [this](const QString &deviceId) {
        for (Conversation *c : p_->registry.ofDevice(deviceId))
            c->onWebSocketLost();
    });

    p_->audioHub.registerRoute(p_->http);
    p_->fallback.registerRoute(p_->http);
    // Replicas: this bridge's row, its leftover sessions failed, the wakes it must take (the router
    // hands the others on). With TCP_NODELAY on spkd's sockets (shared/net/tcp_nodelay.h) the PUBACK
    // of a QoS 1 wake no longer holds the wake/ack back (~40 ms before).
    if (!p_->membership.start(error))
        return false;
    p_->router.start([this](const QString &deviceId, const QByteArray &payload) {
        if (p_->started)
            p_->wake->handle(deviceId, payload);
    });
    // session_end reaches every bridge; only the one holding the session acts on it.
    p_->mqtt.subscribe(spk::proto::allDevicesFilter(DeviceTopic::SessionEnd), 1, this,
                       [this](const MqttMessage &m) { onMqttMessage(m); });
    // A deleted or re-keyed device's old secret no longer holds its /ws/audio open.
    p_->mqtt.subscribe(QLatin1String(spk::proto::kDeviceRevokedTopic), 1, this, [this](const MqttMessage &m) {
        const QJsonObject event = spk::proto::parseJsonObject(m.payload, spk::proto::kMaxMqttPayload).object;
        const QString deviceId = event.value(QStringLiteral("device_id")).toString();
        if (spk::proto::isValidDeviceId(deviceId))
            p_->audioHub.disconnectDevice(deviceId);
    });

    // One timer checks every conversation's time-outs (no timer per session).
    p_->timeouts.setInterval(100);
    connect(&p_->timeouts, &QTimer::timeout, this, [this] {
        for (Conversation *c : p_->registry.all())
            if (!c->finished())
                c->checkTimeouts();
    });
    p_->timeouts.start();
    p_->janitor.start();
    p_->started = true;
    qCInfo(lcBridge).noquote()
        << QStringLiteral("bridge listening for UDP audio on %1:%2").arg(p_->config.udpHost).arg(udpPort());
    return true;
}

void Bridge::wire(Conversation *conversation)
{
    connect(conversation, &Conversation::closed, this, [this](qint64 id) { p_->registry.remove(id); });
}

void Bridge::stop()
{
    if (!p_->started)
        return;
    p_->started = false;
    p_->timeouts.stop();
    disconnect(&p_->mqtt, nullptr, this, nullptr); // the MQTT handlers check started
    // Close the live sessions properly (failed, recordings kept) rather than leaving them active.
    for (Conversation *c : p_->registry.all())
        c->abort(QStringLiteral("server_shutdown"));
    p_->registry.clear();
    p_->ingest.close();
    p_->membership.stop();
}

void Bridge::onMqttMessage(const MqttMessage &message)
{
    if (!p_->started)
        return;
    const spk::proto::ParsedTopic &t = message.device;
    if (t.kind == DeviceTopic::SessionEnd)
        onSessionEnd(t.deviceId, message.payload);
}

void Bridge::onSessionEnd(const QString &deviceId, const QByteArray &payload)
{
    QString error;
    const auto sessionId = spk::proto::parseSessionIdPayload(payload, &error);
    Conversation *c = sessionId ? p_->registry.find(deviceId, *sessionId) : nullptr;
    if (!c) {
        p_->metrics.counter(bridge_metrics::kSessionEndIgnored).inc();
        const LogContext log({{"device_id", deviceId}});
        qCInfo(lcBridge).noquote() << "session_end from" << deviceId << "ignored:"
                                   << (sessionId ? QStringLiteral("no live session %1").arg(*sessionId)
                                                 : error);
        return;
    }
    c->onSessionEnd();
}

} // namespace spk::server
