#pragma once
// MQTT topic names of CONTRACT §3, built and parsed in one place.
#include <QString>

namespace spk::proto {

// Server-internal: the bridge publishes session_progress events here; the gateway forwards them to /ws.
inline constexpr char kSessionProgressTopic[] = "spk/events/session_progress";

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
    Unknown
};

// "device/{id}/{suffix}"
QString deviceTopic(const QString &deviceId, DeviceTopic kind);
// The suffix after "device/{id}/", e.g. "config/ack".
const char *topicSuffix(DeviceTopic kind);
// Subscription filter for one kind across all devices: "device/+/status".
QString allDevicesFilter(DeviceTopic kind);

struct ParsedTopic
{
    QString deviceId;
    DeviceTopic kind = DeviceTopic::Unknown;
};
// Parses "device/{id}/{suffix}"; kind is Unknown when the topic is not ours or the id is invalid.
ParsedTopic parseDeviceTopic(const QString &topic);

} // namespace spk::proto
