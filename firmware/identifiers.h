#pragma once
// The identifier and topic rules of protocol.md §3 as the device core uses them: taken from the shared
// wire vocabulary (shared/wire), which the server builds on too.
#include "shared/wire/identifiers.h"
#include "shared/wire/topics.h"

#include <string>

namespace spk::fw {

using spk::wire::isValidIdentifier;

// Topic suffixes under device/{id}/ (the strings live in shared/wire/topics.h).
namespace topic {
using spk::wire::DeviceTopic;
using spk::wire::topicSuffix;
inline constexpr const char *kStatus = topicSuffix(DeviceTopic::Status);
inline constexpr const char *kConfig = topicSuffix(DeviceTopic::Config);
inline constexpr const char *kConfigAck = topicSuffix(DeviceTopic::ConfigAck);
inline constexpr const char *kReboot = topicSuffix(DeviceTopic::Reboot);
inline constexpr const char *kRebootAck = topicSuffix(DeviceTopic::RebootAck);
inline constexpr const char *kUpgrade = topicSuffix(DeviceTopic::Upgrade);
inline constexpr const char *kWake = topicSuffix(DeviceTopic::Wake);
inline constexpr const char *kWakeAck = topicSuffix(DeviceTopic::WakeAck);
inline constexpr const char *kTranscript = topicSuffix(DeviceTopic::Transcript);
inline constexpr const char *kPlay = topicSuffix(DeviceTopic::Play);
inline constexpr const char *kSessionEnd = topicSuffix(DeviceTopic::SessionEnd);
} // namespace topic

// "device/{deviceId}/{suffix}"
std::string deviceTopic(const std::string &deviceId, const std::string &suffix);
// The suffix of a topic under device/{deviceId}/, or an empty string when the topic is not ours.
std::string topicSuffixFor(const std::string &deviceId, const std::string &topic);

} // namespace spk::fw
