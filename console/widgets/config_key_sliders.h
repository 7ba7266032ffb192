#pragma once
// The device settings the console shows as sliders, in display order, with their on-screen names. The
// key itself (range, wire name, storage) is declared once in shared/wire/device_config.h; this is only
// how the console presents it. A key not listed here has no control in the console.
#include "shared/wire/device_config.h"

#include <QtGlobal>
#include <string_view>

namespace spk::console {

struct ConfigKeySlider
{
    const char *key;   // a spk::wire::kConfigKeys name (integer keys only)
    const char *label; // translated in the "spk::console::ConfigKeySlider" context
    const char *unit;  // shown after the value ("35 %"); may be empty
};

inline constexpr ConfigKeySlider kConfigKeySliders[] = {
    {"volume", QT_TRANSLATE_NOOP("spk::console::ConfigKeySlider", "Volume"), "%"},
    {"led_brightness", QT_TRANSLATE_NOOP("spk::console::ConfigKeySlider", "LED brightness"), "%"},
};

// The slider of this key, or nullptr when the console shows none.
inline const ConfigKeySlider *findConfigKeySlider(std::string_view key)
{
    for (const ConfigKeySlider &s : kConfigKeySliders)
        if (key == s.key)
            return &s;
    return nullptr;
}

} // namespace spk::console
