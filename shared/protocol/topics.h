#pragma once
// MQTT topic names (protocol.md §3) for Qt code: QString wrappers over the shared wire table.
#include "shared/wire/topics.h"

#include <QString>

namespace spk::proto {

using spk::wire::DeviceTopic;
using spk::wire::kDeviceRevokedTopic;
using spk::wire::kSessionProgressTopic;

// "device/{id}/{suffix}"
QString deviceTopic(const QString &deviceId, DeviceTopic kind);
// The suffix after "device/{id}/", e.g. "config/ack".
using spk::wire::topicSuffix;
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
