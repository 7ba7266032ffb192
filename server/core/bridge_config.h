#pragma once
// Settings of the bridge role (bridge.* keys, see docs/bridge.md). Plain data with working defaults;
// fromServerConfig() takes what the process-wide config already knows (data dir, HTTP address, ws.*).
// It lives in server/core, below the bridge, so the key table can refer to it; the key table checks
// every value (the bridge itself checks nothing twice).
#include <QString>

namespace spk::server {
struct ServerConfig;

struct BridgeConfig
{
    // This bridge's name among the replicas (sessions and /ws/audio links record it; a restart fails
    // only its own leftover sessions). Stable across restarts; unique per bridge. Empty = host name.
    QString id;
    // Replica liveness: a heartbeat row every heartbeatSeconds; a bridge silent for deadAfterSeconds
    // is declared lost by a survivor, which fails its sessions (bridge_lost) and forgets its links.
    int heartbeatSeconds = 3;
    int deadAfterSeconds = 15;

    // UDP uplink (protocol.md §4). The bound port goes into every wake/ack, so devices need no fixed
    // port: 0 (the default) = any free port, so several spkd processes never collide; set a fixed
    // port when a firewall or NAT must forward it.
    QString udpHost = QStringLiteral("127.0.0.1");
    int udpPort = 0;
    // What wake/ack tells devices. Empty = udpHost (or the HTTP host when udpHost is 0.0.0.0).
    QString udpPublicHost;
    // Base of ws_url and of the fallback URLs, e.g. "http://speaker.example.com:8080". Empty =
    // http://<http.host>:<bound http port>.
    QString publicUrl;

    // Media worker threads of the UDP uplink (receive, decrypt, jitter buffer, Opus decode);
    // 0 = one per CPU core. Each carries ~650 streams per core-second of CPU (docs/benchmarks.md).
    int mediaThreads = 0;

    // Uplink audio handling.
    int jitterTargetMs = 60; // jitter buffer delay (20..400)
    int silenceEndMs = 800;  // server-side end of speech: this much silence after speech
    // A frame louder than this (and than the noise floor + margin) is speech. Not a config key: only
    // code (tests, benchmarks) changes it.
    double vadThresholdDbfs = -45.0;
    int maxUtteranceMs = 30000; // a longer utterance is ended by the server

    // Time-outs (protocol.md §6).
    int noAudioTimeoutMs = 10000;    // no uplink audio for this long while listening -> closed
    int replyTimeoutMs = 60000;      // end of speech -> play_end must happen within this
    int sessionEndTimeoutMs = 15000; // play_end -> session_end must arrive within this

    // Device WebSocket /ws/audio keep-alive (protocol.md §5).
    int wsPingSeconds = 30;
    int wsIdleTimeoutSeconds = 60;

    // Fallback one-time URL lifetime (protocol.md §5).
    int fallbackTtlSeconds = 60;
    // Fallback audio a bridge holds in memory (no shared cache, or Redis away); oldest dropped first.
    qint64 fallbackMaxBytes = 64LL << 20;
    QString cacheKeyPrefix; // cache.prefix: fallback audio in a shared cache

    // Recordings: <dataDir>/audio/<session id>-user.ogg and -assistant.ogg.
    bool recordAudio = true;
    int recordingRetentionDays = 0; // recordings of older sessions are removed daily; 0 = kept
    QString dataDir = QStringLiteral(".spk-data");
    QString httpHost = QStringLiteral("127.0.0.1");

    static BridgeConfig fromServerConfig(const ServerConfig &config);
    // This config with what is derived when left empty (id = the host name).
    BridgeConfig withDefaults() const;
};

} // namespace spk::server
