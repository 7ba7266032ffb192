#pragma once
// The settings people may change remotely (device/{id}/config), as the device reads, applies and reports
// them. The keys, their types and ranges are the wire table (shared/wire/device_config.h): a new key
// needs nothing here.
#include "shared/wire/device_config.h"

#include <string>

struct cJSON;

namespace spk::fw {

class JsonDoc;

// What the device runs: every key set (start from spk::wire::deviceDefaults()). A patch is the same type
// with only the keys a config message carried.
using DeviceConfig = spk::wire::DeviceConfig;

// Adds every key that config sets to an object (config/ack, status).
void writeConfig(JsonDoc &object, const DeviceConfig &config);

// Reads the known keys of a config object. Unknown keys (request_id, and settings newer servers may add)
// are ignored so old firmware keeps working. Returns false and sets *error when a known key has the
// wrong type or range.
bool parseConfigPatch(const cJSON *object, DeviceConfig *patch, std::string *error);

// Empty when every key of config is in range, else what is wrong.
std::string validateConfig(const DeviceConfig &config);

} // namespace spk::fw
