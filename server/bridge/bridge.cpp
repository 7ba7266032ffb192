#include "server/bridge/bridge.h"

#include "server/bridge/bridge_context.h"
#include "server/bridge/bridge_pipeline.h"
#include "server/bridge/conversation_registry.h"
#include "server/bridge/device_audio_hub.h"
#include "server/bridge/device_config_action.h"
#include "server/bridge/fallback_store.h"
#include "server/bridge/reply_engine.h"
#include "server/bridge/udp_ingest.h"
#include "server/bridge/wake_handler.h"
#include "server/core/logging.h"
#include "server/core/metrics.h"
#include "server/http/http_server.h"
#include "server/mqtt/mqtt_client.h"
#include "server/pipeline/asr/asr_backend.h"
#include "server/storage/device_store.h"
#include "server/storage/session_store.h"
#include "shared/protocol/device_messages.h"
#include "shared/protocol/topics.h"

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
          Metrics &mx)
        : config(std::move(c)), pipelineConfig(std::move(pc)), sessions(db), devices(db), mqtt(m), http(h),
          metrics(mx), ingest(mx, jitterSettings(config)),
          audioHub(devices, mx, config.wsPingSeconds, config.wsIdleTimeoutSeconds),
          fallback(mx, config.fallbackTtlSeconds), actions(devices, m)
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
    DeviceConfigAction actions;
    std::unique_ptr<BridgePipeline> pipeline;
    std::unique_ptr<BridgeContext> ctx;
    ConversationRegistry registry;
    std::unique_ptr<WakeHandler> wake;
    QTimer timeouts;
    quint16 httpPort = 0;
    bool started = false;
};

Bridge::Bridge(BridgeConfig config, pipeline::PipelineConfig pipelineConfig, Database &db, MqttClient &mqtt,
               HttpServer &http, Metrics &metrics, QObject *parent)
    : QObject(parent),
      p(std::make_unique<Parts>(std::move(config), std::move(pipelineConfig), db, mqtt, http, metrics))
{
}

Bridge::~Bridge()
{
    stop();
}

quint16 Bridge::udpPort() const
{
    return p->ingest.port();
}

int Bridge::activeSessions() const
{
    return p->registry.size();
}

UdpIngest &Bridge::ingest()
{
    return p->ingest;
}

DeviceAudioHub &Bridge::audioHub()
{
    return p->audioHub;
}

void Bridge::setHttpPort(quint16 port)
{
    p->httpPort = port;
}

QString Bridge::publicHttpUrl() const
{
    if (!p->config.publicUrl.isEmpty())
        return p->config.publicUrl.endsWith(QLatin1Char('/')) ? p->config.publicUrl.chopped(1)
                                                              : p->config.publicUrl;
    QString host = p->config.httpHost;
    if (host == QLatin1String("0.0.0.0") || host == QLatin1String("::"))
        host = QStringLiteral("127.0.0.1");
    return QStringLiteral("http://%1:%2").arg(host).arg(p->httpPort);
}

bool Bridge::start(QString *error)
{
    p->pipeline = BridgePipeline::create(p->pipelineConfig, error);
    if (!p->pipeline)
        return false;
    const QHostAddress udpAddress(p->config.udpHost);
    if (udpAddress.isNull()) {
        *error = QStringLiteral("bridge.udp_host is not an IP address: %1").arg(p->config.udpHost);
        return false;
    }
    if (!p->ingest.bind(udpAddress, quint16(p->config.udpPort), error, p->config.mediaThreads))
        return false;

    p->ctx.reset(new BridgeContext{p->config,
                                   p->sessions,
                                   p->devices,
                                   p->mqtt,
                                   p->metrics,
                                   p->ingest,
                                   p->audioHub,
                                   p->fallback,
                                   p->pipeline->asr(),
                                   p->pipeline->reply(),
                                   p->actions,
                                   [this] { return publicHttpUrl(); },
                                   {}});
    p->ctx->clock.start();

    WakeHandler::Endpoints endpoints;
    endpoints.udpHost = [this] {
        if (!p->config.udpPublicHost.isEmpty())
            return p->config.udpPublicHost;
        const QHostAddress a(p->config.udpHost);
        return (a == QHostAddress::AnyIPv4 || a == QHostAddress::Any || a == QHostAddress::AnyIPv6)
                   ? QUrl(publicHttpUrl()).host()
                   : p->config.udpHost;
    };
    endpoints.udpPort = [this] { return p->ingest.port(); };
    endpoints.wsUrl = [this] {
        QString base = publicHttpUrl();
        base.replace(0, 4, QStringLiteral("ws")); // http -> ws, https -> wss
        return base + QStringLiteral("/ws/audio");
    };
    p->wake =
        std::make_unique<WakeHandler>(*p->ctx, p->registry, endpoints, [this](Conversation *c) { wire(c); });

    // Pipeline results, routed to their conversation by id.
    auto *asr = &p->pipeline->asr();
    const auto conversationOf = [this](const QString &id) { return p->registry.find(id.toLongLong()); };
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
    ReplyEngine *reply = &p->pipeline->reply();
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
    connect(&p->audioHub, &DeviceAudioHub::deviceDisconnected, this, [this](const QString &deviceId) {
        for (Conversation *c : p->registry.ofDevice(deviceId))
            c->onWebSocketLost();
    });

    p->audioHub.registerRoute(p->http);
    p->fallback.registerRoute(p->http);
    connect(&p->mqtt, &MqttClient::messageReceived, this, &Bridge::onMqttMessage);
    // wake at QoS 1: the broker -> spkd hop is acknowledged too. With TCP_NODELAY on spkd's sockets
    // (shared/net/tcp_nodelay.h) the PUBACK no longer holds the wake/ack back (~40 ms before).
    p->mqtt.subscribe(spk::proto::allDevicesFilter(DeviceTopic::Wake), 1);
    p->mqtt.subscribe(spk::proto::allDevicesFilter(DeviceTopic::SessionEnd), 1);

    // One timer checks every conversation's time-outs (no timer per session).
    p->timeouts.setInterval(100);
    connect(&p->timeouts, &QTimer::timeout, this, [this] {
        for (Conversation *c : p->registry.all())
            if (!c->finished())
                c->checkTimeouts();
    });
    p->timeouts.start();
    p->started = true;
    qCInfo(lcBridge).noquote()
        << QStringLiteral("bridge listening for UDP audio on %1:%2").arg(p->config.udpHost).arg(udpPort());
    return true;
}

void Bridge::wire(Conversation *conversation)
{
    connect(conversation, &Conversation::closed, this, [this](qint64 id) { p->registry.remove(id); });
}

void Bridge::stop()
{
    if (!p->started)
        return;
    p->started = false;
    p->timeouts.stop();
    disconnect(&p->mqtt, nullptr, this, nullptr);
    // Close the live sessions properly (failed, recordings kept) rather than leaving them active.
    for (Conversation *c : p->registry.all())
        c->abort(QStringLiteral("server_shutdown"));
    p->registry.clear();
    p->ingest.close();
}

void Bridge::onMqttMessage(const QString &topic, const QByteArray &payload)
{
    const spk::proto::ParsedTopic t = spk::proto::parseDeviceTopic(topic);
    if (t.kind == DeviceTopic::Wake)
        p->wake->handle(t.deviceId, payload);
    else if (t.kind == DeviceTopic::SessionEnd)
        onSessionEnd(t.deviceId, payload);
}

void Bridge::onSessionEnd(const QString &deviceId, const QByteArray &payload)
{
    QString error;
    const auto sessionId = spk::proto::parseSessionIdPayload(payload, &error);
    Conversation *c = sessionId ? p->registry.find(deviceId, *sessionId) : nullptr;
    if (!c) {
        p->metrics
            .counter(QStringLiteral("spk_bridge_session_end_ignored_total"),
                     QStringLiteral("session_end messages that were malformed or named no live session"))
            .inc();
        qCInfo(lcBridge).noquote() << "session_end from" << deviceId << "ignored:"
                                   << (sessionId ? QStringLiteral("no live session %1").arg(*sessionId)
                                                 : error);
        return;
    }
    c->onSessionEnd();
}

} // namespace spk::server
