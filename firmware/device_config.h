#pragma once
// The settings people may change remotely (device/{id}/config), as the device stores and validates them.
#include <optional>
#include <string>

struct cJSON;

namespace spk::fw {

class JsonDoc;

struct DeviceConfig
{
    int volume = 50; // 0–100
    bool muted = false;

    // Adds "volume" and "muted" to an object.
    void writeTo(JsonDoc &object) const;
};

// The known fields of one config message; absent fields leave the current value alone.
struct ConfigPatch
{
    std::optional<int> volume;
    std::optional<bool> muted;

    DeviceConfig appliedTo(DeviceConfig config) const;
};

// Reads volume (integer 0–100) and muted (bool) from a config object. Unknown keys (request_id, and
// settings newer servers may add) are ignored so old firmware keeps working. Returns false and sets
// *error when a known field has the wrong type or range.
bool parseConfigPatch(const cJSON *object, ConfigPatch *out, std::string *error);

} // namespace spk::fw
