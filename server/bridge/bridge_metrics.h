#pragma once
// The metrics the bridge role exports (docs/metrics.md).
#include "server/core/metrics.h"

namespace spk::server::bridge_metrics {

inline constexpr MetricDef kUdpDropped{"spk_bridge_udp_dropped_total", MetricKind::Counter,
                                       "UDP audio datagrams dropped by the bridge, by reason", "reason"};
inline constexpr MetricDef kUdpFrames{"spk_bridge_udp_frames_total", MetricKind::Counter,
                                      "Authentic UDP audio frames accepted"};
inline constexpr MetricDef kUplinkFramesPlayed{"spk_bridge_uplink_frames_played_total", MetricKind::Counter,
                                               "Uplink frames played out of the jitter buffers"};
inline constexpr MetricDef kUplinkFramesConcealed{
    "spk_bridge_uplink_frames_concealed_total", MetricKind::Counter, "Uplink frames concealed with Opus PLC"};
inline constexpr MetricDef kUplinkStreams{"spk_bridge_uplink_streams", MetricKind::Gauge,
                                          "Sessions with a registered UDP uplink"};
inline constexpr MetricDef kSessionEndIgnored{
    "spk_bridge_session_end_ignored_total", MetricKind::Counter,
    "session_end messages that were malformed or named no live session"};
inline constexpr MetricDef kWakesRejected{"spk_bridge_wakes_rejected_total", MetricKind::Counter,
                                          "Wake messages dropped, by reason", "reason"};
inline constexpr MetricDef kWakesForwarded{"spk_bridge_wakes_forwarded_total", MetricKind::Counter,
                                           "Wakes handed to the bridge replica that must take them"};
inline constexpr MetricDef kReplicasAlive{"spk_bridge_replicas_alive", MetricKind::Gauge,
                                          "Bridge replicas with a recent heartbeat, as this bridge sees it"};
inline constexpr MetricDef kReplicasLost{"spk_bridge_replicas_lost_total", MetricKind::Counter,
                                         "Bridge replicas this bridge declared lost (their sessions failed)"};
inline constexpr MetricDef kWakesRepeated{"spk_bridge_wakes_repeated_total", MetricKind::Counter,
                                          "Repeated wakes answered with the same ack"};
inline constexpr MetricDef kWakeAckSeconds{"spk_bridge_wake_ack_seconds",
                                           MetricKind::Histogram,
                                           "Wake received to wake/ack published, seconds",
                                           nullptr,
                                           {0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5}};
inline constexpr MetricDef kEndOfSpeech{"spk_bridge_end_of_speech_total", MetricKind::Counter,
                                        "Ends of speech, by detector", "source"};
inline constexpr MetricDef kFirstReplyFrameSeconds{"spk_bridge_first_reply_frame_seconds",
                                                   MetricKind::Histogram,
                                                   "End of speech to the first reply frame sent, seconds",
                                                   nullptr,
                                                   {0.1, 0.2, 0.3, 0.5, 0.8, 1, 1.5, 2, 3, 5, 10}};
inline constexpr MetricDef kStageSeconds{"spk_bridge_stage_seconds",
                                         MetricKind::Histogram,
                                         "End of speech to a later pipeline stage, by stage, seconds",
                                         "stage",
                                         {0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1, 1.5, 2, 3, 5, 10}};
inline constexpr MetricDef kActiveSessions{"spk_bridge_active_sessions", MetricKind::Gauge,
                                           "Voice sessions open on this bridge"};
inline constexpr MetricDef kSessions{"spk_bridge_sessions_total", MetricKind::Counter,
                                     "Voice sessions ended, by status", "status"};
inline constexpr MetricDef kWsRefused{"spk_bridge_ws_refused_total", MetricKind::Counter,
                                      "Device WebSocket upgrades refused (bad credentials)"};
inline constexpr MetricDef kWsConnections{"spk_bridge_ws_connections", MetricKind::Gauge,
                                          "Open device audio WebSockets"};
inline constexpr MetricDef kFallbackDownloads{"spk_bridge_fallback_downloads_total", MetricKind::Counter,
                                              "Fallback replies downloaded by devices"};
inline constexpr MetricDef kFallbackReplies{
    "spk_bridge_fallback_replies_total", MetricKind::Counter,
    "Replies offered through the fallback URL, by where the audio waits", "store"};
inline constexpr MetricDef kFallbackEvicted{
    "spk_bridge_fallback_evicted_total", MetricKind::Counter,
    "Fallback replies dropped before download: bridge.fallback_max_bytes"};
inline constexpr MetricDef kFallbackMemoryBytes{"spk_bridge_fallback_memory_bytes", MetricKind::Gauge,
                                                "Fallback audio held in this bridge's memory"};

inline constexpr const MetricDef *kAll[] = {
    &kUdpDropped,      &kUdpFrames,           &kUplinkFramesPlayed,     &kUplinkFramesConcealed,
    &kUplinkStreams,   &kSessionEndIgnored,   &kWakesRejected,          &kWakesRepeated,
    &kWakeAckSeconds,  &kEndOfSpeech,         &kFirstReplyFrameSeconds, &kSessions,
    &kWsRefused,       &kWsConnections,       &kFallbackDownloads,      &kFallbackReplies,
    &kFallbackEvicted, &kFallbackMemoryBytes, &kWakesForwarded,         &kReplicasAlive,
    &kReplicasLost,    &kStageSeconds,        &kActiveSessions};

} // namespace spk::server::bridge_metrics
