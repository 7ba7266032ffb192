#pragma once
// Identifier and topic rules of CONTRACT §3, without Qt (mirrors shared/protocol/ids.h and topics.h).
#include <string>

namespace spk::fw {

// 1–64 chars of [A-Za-z0-9_-]: device ids, request ids and session ids all follow this rule.
bool isValidIdentifier(const std::string &id);

// Topic suffixes under device/{id}/.
namespace topic {
constexpr const char *kStatus = "status";
constexpr const char *kConfig = "config";
constexpr const char *kConfigAck = "config/ack";
constexpr const char *kReboot = "reboot";
constexpr const char *kRebootAck = "reboot/ack";
constexpr const char *kUpgrade = "upgrade";
constexpr const char *kWake = "wake";
constexpr const char *kWakeAck = "wake/ack";
constexpr const char *kTranscript = "transcript";
constexpr const char *kPlay = "play";
constexpr const char *kSessionEnd = "session_end";
} // namespace topic

// "device/{deviceId}/{suffix}"
std::string deviceTopic(const std::string &deviceId, const std::string &suffix);
// The suffix of a topic under device/{deviceId}/, or an empty string when the topic is not ours.
std::string topicSuffixFor(const std::string &deviceId, const std::string &topic);

} // namespace spk::fw
