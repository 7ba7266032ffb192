#pragma once
// The services one bridge process shares among its conversations (references, owned by Bridge).
#include <QElapsedTimer>
#include <QString>
#include <functional>

namespace spk::server {
struct BridgeConfig;
class SessionStore;
class DeviceStore;
class MqttClient;
class Metrics;
class UdpIngest;
class DeviceAudioHub;
class FallbackStore;
class ReplyEngine;
class DeviceConfigAction;
class Histogram;
namespace pipeline {
class AsrBackend;
}

struct BridgeContext
{
    const BridgeConfig &config;
    SessionStore &sessions;
    DeviceStore &devices;
    MqttClient &mqtt;
    Metrics &metrics;
    UdpIngest &ingest;
    DeviceAudioHub &audioHub;
    FallbackStore &fallback;
    pipeline::AsrBackend &asr;
    ReplyEngine &reply;
    DeviceConfigAction &actions;
    std::function<QString()> publicHttpUrl; // e.g. "http://127.0.0.1:8080" (no trailing slash)
    QElapsedTimer clock;                    // monotonic ms for the state machines

    qint64 nowMs() const { return clock.elapsed(); }
};

} // namespace spk::server
