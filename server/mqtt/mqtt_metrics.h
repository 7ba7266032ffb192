#pragma once
// The metrics the MQTT client exports (docs/metrics.md), and the topic kinds they are counted by: the
// device topic table of shared/wire/topics.h (its suffixes, e.g. "config/ack"), "events" for the
// internal spk/events/*, "bridge_wake" for wakes handed between bridges, "other" for anything else.
#include "server/core/metrics.h"
#include "shared/wire/topics.h"

#include <array>
#include <string_view>

namespace spk::server::mqtt_metrics {

inline constexpr MetricDef kReceived{"spk_mqtt_messages_received_total", MetricKind::Counter,
                                     "MQTT messages received, by topic kind", "kind"};
inline constexpr MetricDef kPublished{"spk_mqtt_messages_published_total", MetricKind::Counter,
                                      "MQTT messages handed to the client for publishing, by topic kind",
                                      "kind"};

// ReplicaPresence: processes announced on spk/events/replicas/ (their wills clear them).
inline constexpr MetricDef kReplicasAlive{
    "spk_replicas_alive", MetricKind::Gauge,
    "spkd processes of this role connected to the broker, this one included", "role"};

inline constexpr const MetricDef *kAll[] = {&kReceived, &kPublished, &kReplicasAlive};

// Kind indexes: the device topics by their DeviceTopic value, then these.
inline constexpr int kDeviceKinds = int(spk::wire::DeviceTopic::Unknown);
inline constexpr int kEventsKind = kDeviceKinds;
inline constexpr int kBridgeWakeKind = kDeviceKinds + 1;
inline constexpr int kOtherKind = kDeviceKinds + 2;
inline constexpr int kKinds = kDeviceKinds + 3;

// The label value of a kind index.
inline const char *kindName(int kind)
{
    if (kind >= 0 && kind < kDeviceKinds)
        return spk::wire::topicSuffix(spk::wire::DeviceTopic(kind));
    if (kind == kEventsKind)
        return "events";
    if (kind == kBridgeWakeKind)
        return "bridge_wake";
    return "other";
}

// No allocation: runs for every message.
inline int kindOf(std::string_view topic)
{
    const spk::wire::DeviceTopicParts parts = spk::wire::splitDeviceTopic(topic);
    if (parts.kind != spk::wire::DeviceTopic::Unknown)
        return int(parts.kind);
    if (topic.substr(0, 11) == "spk/events/")
        return kEventsKind;
    if (topic.substr(0, 12) == std::string_view(spk::wire::kBridgeTopicPrefix))
        return kBridgeWakeKind;
    return kOtherKind;
}

} // namespace spk::server::mqtt_metrics
