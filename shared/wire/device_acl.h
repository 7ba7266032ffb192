#pragma once
// What a device may do on the broker (protocol.md §7): it logs in with its id as username and client
// id, and may use only its own subtree, "device/{its id}/…": publish the topics it is the publisher of
// in the topic table, subscribe to and receive those spkd publishes to it (or subscribe to the whole
// subtree, "device/{its id}/#", and receive only those). Anything else, spkd's internal "spk/events/#"
// included, is denied. One rule for every broker: the Mosquitto auth plugin and the HTTP hooks EMQX
// calls both ask this header. Qt-free.
#include "shared/wire/topics.h"

#include <string_view>

namespace spk::wire {

enum class MqttAccess {
    Publish,   // the device sends a PUBLISH (its will included)
    Subscribe, // the device asks for a subscription filter
    Receive,   // the broker would deliver a message on this topic to the device
};

namespace detail {
// The suffix of "device/{deviceId}/{suffix}", or npos-like empty view with ok=false.
constexpr bool ownSuffix(std::string_view deviceId, std::string_view topic, std::string_view *suffix)
{
    if (!isValidIdentifier(deviceId) || topic.substr(0, kDeviceTopicPrefix.size()) != kDeviceTopicPrefix)
        return false;
    const std::string_view rest = topic.substr(kDeviceTopicPrefix.size());
    if (rest.size() <= deviceId.size() + 1 || rest.substr(0, deviceId.size()) != deviceId ||
        rest[deviceId.size()] != '/')
        return false;
    *suffix = rest.substr(deviceId.size() + 1);
    return true;
}
} // namespace detail

constexpr bool deviceMay(MqttAccess access, std::string_view deviceId, std::string_view topic)
{
    std::string_view suffix;
    if (!detail::ownSuffix(deviceId, topic, &suffix))
        return false;
    if (access == MqttAccess::Subscribe && suffix == "#")
        return true;
    const DeviceTopic kind = topicKindOf(suffix);
    if (kind == DeviceTopic::Unknown)
        return false; // also every other wildcard filter
    for (const auto &t : kDeviceTopics)
        if (t.kind == kind)
            return (t.publisher == TopicPublisher::Device) == (access == MqttAccess::Publish);
    return false;
}

} // namespace spk::wire
