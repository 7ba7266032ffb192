#pragma once
// Identifier rules shared by every program: device ids and device session ids appear in MQTT topics and
// URLs, so they are restricted to characters that are safe in both.
#include <QString>

namespace spk::proto {

// 1–64 chars of [A-Za-z0-9_-] (protocol.md §3 for session ids; spk applies the same rule to device ids).
bool isValidDeviceId(const QString &id);
bool isValidDeviceSessionId(const QString &id);

} // namespace spk::proto
