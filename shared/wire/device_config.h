#pragma once
// The device settings people may change (protocol.md §1 PUT /api/devices/{id}/config, §3 device/{id}/config
// and config/ack), declared once. Every key's name, type, range and storage column is a row of
// kConfigKeys; parsing, JSON, merging, validation and the applied-value columns all iterate it.
// Plain C++ without Qt, so the firmware can share the vocabulary.
#include <cstddef>
#include <iterator>
#include <optional>
#include <string_view>

namespace spk::wire {

// One value per key; unset = not part of this config (a patch sets only what it changes).
struct DeviceConfig
{
    std::optional<int> volume; // 0–100
    std::optional<bool> muted;
    std::optional<int> ledBrightness; // 0–100 (%)

    bool isEmpty() const;
    // Keys set in `patch` override ours.
    DeviceConfig mergedWith(const DeviceConfig &patch) const;
};

enum class ConfigValueType { Integer, Boolean };

struct ConfigKey
{
    const char *name; // on the wire (REST, MQTT) and in the stored desired config
    ConfigValueType type;
    int min; // integers: the accepted range, inclusive
    int max;
    int deviceDefault;         // what a device runs before anyone set the key
    const char *appliedColumn; // devices column with the value the device last applied
    std::optional<int> DeviceConfig::*integer = nullptr;
    std::optional<bool> DeviceConfig::*boolean = nullptr;

    // The key's value in c as an integer (booleans 0/1), when set.
    std::optional<int> get(const DeviceConfig &c) const
    {
        if (integer)
            return c.*integer;
        const std::optional<bool> &b = c.*boolean;
        return b ? std::optional<int>(*b ? 1 : 0) : std::nullopt;
    }
    // Sets the key in c; false (and c unchanged) when the value is out of range.
    bool set(DeviceConfig &c, int value) const
    {
        if (value < min || value > max)
            return false;
        if (integer)
            c.*integer = value;
        else
            c.*boolean = value != 0;
        return true;
    }
};

// Adding a key: a DeviceConfig field, a row here, and a storage migration adding its applied column.
inline constexpr ConfigKey kConfigKeys[] = {
    {"volume", ConfigValueType::Integer, 0, 100, 50, "volume", &DeviceConfig::volume, nullptr},
    {"muted", ConfigValueType::Boolean, 0, 1, 0, "muted", nullptr, &DeviceConfig::muted},
    {"led_brightness", ConfigValueType::Integer, 0, 100, 60, "led_brightness", &DeviceConfig::ledBrightness,
     nullptr},
};
inline constexpr std::size_t kConfigKeyCount = std::size(kConfigKeys);

// The key with this wire name, or nullptr.
inline const ConfigKey *findConfigKey(std::string_view name)
{
    for (const ConfigKey &k : kConfigKeys)
        if (name == k.name)
            return &k;
    return nullptr;
}

inline bool DeviceConfig::isEmpty() const
{
    for (const ConfigKey &k : kConfigKeys)
        if (k.get(*this))
            return false;
    return true;
}

// Every key at its device default: what a factory-fresh device runs.
inline DeviceConfig deviceDefaults()
{
    DeviceConfig c;
    for (const ConfigKey &k : kConfigKeys)
        k.set(c, k.deviceDefault);
    return c;
}

inline DeviceConfig DeviceConfig::mergedWith(const DeviceConfig &patch) const
{
    DeviceConfig out = *this;
    for (const ConfigKey &k : kConfigKeys)
        if (const auto v = k.get(patch))
            k.set(out, *v);
    return out;
}

} // namespace spk::wire
