#pragma once
// MQTT topic names (protocol.md §3): "device/{id}/{suffix}" per device, and spkd's internal topics.
// Qt-free, so the firmware core, the server and the simulator build and parse topics from one table.
#include "shared/wire/identifiers.h"

#include <string>
#include <string_view>

namespace spk::wire {

inline constexpr std::string_view kDeviceTopicPrefix = "device/";
// Server-internal: the bridge publishes session_progress events here; the gateway forwards them to /ws.
inline constexpr char kSessionProgressTopic[] = "spk/events/session_progress";
// Server-internal: the gateway announces {"device_id"} when a device is deleted or given a new secret;
// every bridge closes that device's /ws/audio (the broker cuts its MQTT connection itself).
inline constexpr char kDeviceRevokedTopic[] = "spk/events/device_revoked";
// Server-internal: a gateway rewrote the broker credentials file; the spk Mosquitto plugin, which sees
// every PUBLISH, re-reads it at once (and so cuts the devices it no longer lists).
inline constexpr char kCredentialsChangedTopic[] = "spk/events/credentials_changed";

// Replicas (docs/replicas.md). Each device message is consumed by one gateway (and each wake by one
// bridge) of a shared subscription group; the consumer then tells the other replicas on an event topic.
inline constexpr char kGatewayShareGroup[] = "spk-gateways";
inline constexpr char kBridgeShareGroup[] = "spk-bridges";
// {"origin","device_id","status":{…},"online_changed"}: a status one gateway stored, for every /ws.
inline constexpr char kStatusEventTopic[] = "spk/events/status";
// {"origin","device_id","kind":"config"|"reboot","request_id","ack":{…}}: an ack one gateway consumed
// (and, for config, stored): the gateway whose request waits for it answers.
inline constexpr char kAckEventTopic[] = "spk/events/ack";
// {"origin","device_id","owner_id"} added / {"origin","device_id","removed":true}: the registry changed.
inline constexpr char kRegistryEventTopic[] = "spk/events/registry";
// {"origin","jti","expires_at"} a logout; {"origin","user_id"} a deleted user.
inline constexpr char kTokenEventTopic[] = "spk/events/tokens";
// Retained {"roles":["gateway"|"bridge",…]} per running process on spk/events/replicas/{MQTT client id},
// cleared (empty retained) by its will when it dies and by itself when it stops: who is alive.
inline constexpr char kReplicaPresencePrefix[] = "spk/events/replicas/";
// A wake forwarded to the bridge that must take it: spk/bridges/{bridge id}/wake, {"device_id","wake":{…}}.
inline constexpr char kBridgeTopicPrefix[] = "spk/bridges/";

enum class DeviceTopic {
    Status,
    Config,
    ConfigAck,
    Reboot,
    RebootAck,
    Upgrade,
    Wake,
    WakeAck,
    Transcript,
    Play,
    SessionEnd,
    UpgradeProgress,
    Unknown
};

// Who publishes a device topic: the device itself, or spkd (the device only receives it).
enum class TopicPublisher { Device, Server };

struct DeviceTopicName
{
    DeviceTopic kind;
    const char *suffix;       // after "device/{id}/"
    TopicPublisher publisher; // the broker's ACL (protocol.md §7) lets a device publish only its own
};
inline constexpr DeviceTopicName kDeviceTopics[] = {
    {DeviceTopic::Status, "status", TopicPublisher::Device}, // also the device's will
    {DeviceTopic::Config, "config", TopicPublisher::Server},
    {DeviceTopic::ConfigAck, "config/ack", TopicPublisher::Device},
    {DeviceTopic::Reboot, "reboot", TopicPublisher::Server},
    {DeviceTopic::RebootAck, "reboot/ack", TopicPublisher::Device},
    {DeviceTopic::Upgrade, "upgrade", TopicPublisher::Server},
    {DeviceTopic::UpgradeProgress, "upgrade/progress", TopicPublisher::Device},
    {DeviceTopic::Wake, "wake", TopicPublisher::Device},
    {DeviceTopic::WakeAck, "wake/ack", TopicPublisher::Server},
    {DeviceTopic::Transcript, "transcript", TopicPublisher::Server},
    {DeviceTopic::Play, "play", TopicPublisher::Server},
    {DeviceTopic::SessionEnd, "session_end", TopicPublisher::Device},
};

// "" for Unknown.
constexpr const char *topicSuffix(DeviceTopic kind)
{
    for (const auto &t : kDeviceTopics)
        if (t.kind == kind)
            return t.suffix;
    return "";
}

constexpr DeviceTopic topicKindOf(std::string_view suffix)
{
    for (const auto &t : kDeviceTopics)
        if (suffix == t.suffix)
            return t.kind;
    return DeviceTopic::Unknown;
}

// "device/{deviceId}/{suffix}"; deviceId may be a wildcard ("+") for a subscription filter.
inline std::string topicFor(std::string_view deviceId, DeviceTopic kind)
{
    std::string topic(kDeviceTopicPrefix);
    topic.append(deviceId).append("/").append(topicSuffix(kind));
    return topic;
}

struct DeviceTopicParts
{
    std::string_view deviceId; // a view into the parsed topic
    DeviceTopic kind = DeviceTopic::Unknown;
};
// Splits "device/{id}/{suffix}"; kind is Unknown when the topic is not ours or the id breaks the rule.
constexpr DeviceTopicParts splitDeviceTopic(std::string_view topic)
{
    if (topic.substr(0, kDeviceTopicPrefix.size()) != kDeviceTopicPrefix)
        return {};
    const std::string_view rest = topic.substr(kDeviceTopicPrefix.size());
    const std::size_t slash = rest.find('/');
    if (slash == std::string_view::npos)
        return {};
    const std::string_view id = rest.substr(0, slash);
    const DeviceTopic kind = topicKindOf(rest.substr(slash + 1));
    if (!isValidIdentifier(id) || kind == DeviceTopic::Unknown)
        return {};
    return {id, kind};
}

} // namespace spk::wire
