#include "firmware/device_config.h"

#include "firmware/json_doc.h"

namespace spk::fw {

void DeviceConfig::writeTo(JsonDoc &object) const
{
    object.addNumber("volume", volume);
    object.addBool("muted", muted);
}

DeviceConfig ConfigPatch::appliedTo(DeviceConfig config) const
{
    if (volume)
        config.volume = *volume;
    if (muted)
        config.muted = *muted;
    return config;
}

bool parseConfigPatch(const cJSON *object, ConfigPatch *out, std::string *error)
{
    ConfigPatch patch;
    if (hasField(object, "volume")) {
        int volume = 0;
        if (!readInt(object, "volume", 0, 100, &volume, error))
            return false;
        patch.volume = volume;
    }
    if (hasField(object, "muted")) {
        bool muted = false;
        if (!readBool(object, "muted", &muted, error))
            return false;
        patch.muted = muted;
    }
    *out = patch;
    return true;
}

} // namespace spk::fw
