#include "firmware/device_config.h"

#include "firmware/json_doc.h"

namespace spk::fw {

using spk::wire::ConfigKey;
using spk::wire::ConfigValueType;
using spk::wire::kConfigKeys;

void writeConfig(JsonDoc &object, const DeviceConfig &config)
{
    for (const ConfigKey &k : kConfigKeys) {
        const auto value = k.get(config);
        if (!value)
            continue;
        if (k.type == ConfigValueType::Boolean)
            object.addBool(k.name, *value != 0);
        else
            object.addNumber(k.name, *value);
    }
}

bool parseConfigPatch(const cJSON *object, DeviceConfig *patch, std::string *error)
{
    DeviceConfig read;
    for (const ConfigKey &k : kConfigKeys) {
        if (!hasField(object, k.name))
            continue;
        int value = 0;
        if (k.type == ConfigValueType::Boolean) {
            bool flag = false;
            if (!readBool(object, k.name, &flag, error))
                return false;
            value = flag ? 1 : 0;
        } else if (!readInt(object, k.name, k.min, k.max, &value, error)) {
            return false;
        }
        k.set(read, value);
    }
    *patch = read;
    return true;
}

std::string validateConfig(const DeviceConfig &config)
{
    for (const ConfigKey &k : kConfigKeys) {
        const auto value = k.get(config);
        if (value && (*value < k.min || *value > k.max))
            return std::string("initial ") + k.name + " must be in " + std::to_string(k.min) + ".." +
                   std::to_string(k.max);
    }
    return {};
}

} // namespace spk::fw
