#pragma once
// Extension point of DeviceCore: a component (e.g. the coming VoiceSession for wake/transcript/play)
// owns some topics under device/{id}/ and reacts to the device's life cycle, without DeviceCore knowing
// its details. DeviceCore validates the payload (size, JSON object) before routing it.
#include "firmware/actions.h"

#include <cstdint>
#include <string>
#include <vector>

struct cJSON;

namespace spk::fw {

class JsonDoc;

// What a component may use of its device.
class DeviceContext
{
public:
    virtual ~DeviceContext() = default;
    virtual const std::string &deviceId() const = 0;
    virtual uint64_t nowMs() const = 0; // last time given to DeviceCore::tick()
    virtual bool isOnline() const = 0;
    // Publishes payload on device/{id}/{suffix}; returns false (and counts a drop) while offline.
    virtual bool publish(const std::string &suffix, const JsonDoc &payload, int qos = 1,
                         bool retain = false) = 0;
    // Queues any other action for the host (log lines, or a component's own action types).
    virtual void emitAction(Action action) = 0;
};

class DeviceComponent
{
public:
    virtual ~DeviceComponent() = default;
    // Topic suffixes this component handles, e.g. {"wake/ack", "transcript", "play"}; subscribed at QoS 1.
    virtual std::vector<std::string> topicSuffixes() const = 0;
    // payload is a JSON object of at most 64 KiB. Return false when its content is invalid (counted).
    virtual bool onMessage(DeviceContext &device, const std::string &suffix, const cJSON *payload) = 0;
    virtual void onConnected(DeviceContext &device) {}
    virtual void onDisconnected(DeviceContext &device) {}
    virtual void onTick(DeviceContext &device) {}
};

} // namespace spk::fw
