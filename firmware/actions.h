#pragma once
// What DeviceCore asks its host to do. The core never touches a socket or a clock: it queues Actions and
// the host (ESP-IDF task, spksim, a unit test) drains and performs them in order.
#include <cstdint>
#include <string>
#include <variant>

namespace spk::fw {

// Publish one MQTT message.
struct Publish
{
    std::string topic;
    std::string payload;
    int qos = 1;
    bool retain = false;
};

// Subscribe to one topic filter.
struct Subscribe
{
    std::string filter;
    int qos = 1;
};

// Try to connect again after delayMs (the core's backoff chose the delay). Emitted after disconnected().
struct ScheduleReconnect
{
    uint32_t delayMs = 0;
};

// Power off: cancel any scheduled reconnect, flush what is queued, send a clean MQTT DISCONNECT (the
// broker discards the will) and stay off. The core has already published its retained {"online":false}
// status. Do not call disconnected() for this planned disconnect.
struct Disconnect
{
};

// Restart the device. On an ESP32: esp_restart(). A simulator flushes what is queued, disconnects
// cleanly (no will) and carries on with the ScheduleReconnect that follows; it does not call
// disconnected() for this planned disconnect.
struct Reboot
{
};

// A validated device/{id}/upgrade request; downloading and verifying the image is the host's job.
struct StartUpgrade
{
    std::string requestId;
    std::string version;
    std::string url;
    std::string sha256; // 64 lowercase hex chars
};

// Something worth a log line on the host (the core has no logger of its own).
struct LogEvent
{
    enum class Level { Info, Warning };
    Level level = Level::Info;
    std::string message;
};

using Action =
    std::variant<Publish, Subscribe, ScheduleReconnect, Disconnect, Reboot, StartUpgrade, LogEvent>;

} // namespace spk::fw
