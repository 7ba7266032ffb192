#include "firmware/identifiers.h"

namespace spk::fw {

bool isValidIdentifier(const std::string &id)
{
    if (id.empty() || id.size() > 64)
        return false;
    for (const char c : id) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                        c == '_' || c == '-';
        if (!ok)
            return false;
    }
    return true;
}

std::string deviceTopic(const std::string &deviceId, const std::string &suffix)
{
    return "device/" + deviceId + "/" + suffix;
}

std::string topicSuffixFor(const std::string &deviceId, const std::string &topic)
{
    const std::string prefix = "device/" + deviceId + "/";
    if (topic.size() <= prefix.size() || topic.compare(0, prefix.size(), prefix) != 0)
        return {};
    return topic.substr(prefix.size());
}

} // namespace spk::fw
