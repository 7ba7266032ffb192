#include "firmware/identifiers.h"

namespace spk::fw {

std::string deviceTopic(const std::string &deviceId, const std::string &suffix)
{
    std::string topic(spk::wire::kDeviceTopicPrefix);
    return topic.append(deviceId).append("/").append(suffix);
}

std::string topicSuffixFor(const std::string &deviceId, const std::string &topic)
{
    const std::string prefix = deviceTopic(deviceId, {});
    if (topic.size() <= prefix.size() || topic.compare(0, prefix.size(), prefix) != 0)
        return {};
    return topic.substr(prefix.size());
}

} // namespace spk::fw
