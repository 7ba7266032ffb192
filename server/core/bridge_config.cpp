#include "server/core/bridge_config.h"

#include "server/core/config.h"

namespace spk::server {

BridgeConfig BridgeConfig::fromServerConfig(const ServerConfig &config)
{
    BridgeConfig b = config.bridge;
    b.dataDir = config.dataDir;
    b.httpHost = config.httpHost;
    b.wsPingSeconds = config.wsPingSeconds;
    b.wsIdleTimeoutSeconds = config.wsIdleTimeoutSeconds;
    return b;
}

QString BridgeConfig::validate() const
{
    if (udpPort < 0 || udpPort > 65535)
        return QStringLiteral("bridge.udp_port must be 0..65535");
    if (mediaThreads < 0 || mediaThreads > 16)
        return QStringLiteral("bridge.media_threads must be 0..16 (0 = one per CPU core)");
    if (jitterTargetMs < 20 || jitterTargetMs > 400)
        return QStringLiteral("bridge.jitter_target_ms must be 20..400");
    if (silenceEndMs < 200 || silenceEndMs > 5000)
        return QStringLiteral("bridge.silence_end_ms must be 200..5000");
    if (vadThresholdDbfs < -90 || vadThresholdDbfs > 0)
        return QStringLiteral("bridge.vad_threshold_dbfs must be -90..0");
    if (maxUtteranceMs < 1000)
        return QStringLiteral("bridge.max_utterance_ms must be at least 1000");
    if (noAudioTimeoutMs < 100 || replyTimeoutMs < 100 || sessionEndTimeoutMs < 100)
        return QStringLiteral("bridge time-outs must be at least 100 ms");
    if (wsPingSeconds < 1 || wsIdleTimeoutSeconds <= wsPingSeconds)
        return QStringLiteral("bridge ws keep-alive: idle time-out must exceed the ping interval");
    if (fallbackTtlSeconds < 1)
        return QStringLiteral("bridge.fallback_ttl_seconds must be at least 1");
    return {};
}

} // namespace spk::server
