#include "firmware/device_options.h"

#include "firmware/identifiers.h"
#include "shared/wire/limits.h"

#include <cmath>

namespace spk::fw {

std::string validateDeviceOptions(const DeviceOptions &o)
{
    if (!isValidIdentifier(o.deviceId))
        return "device id '" + o.deviceId + "' must be 1-64 chars of [A-Za-z0-9_-]";
    if (o.firmwareVersion.empty() || o.firmwareVersion.size() > spk::wire::kMaxFirmwareVersionChars)
        return "firmware version must be 1-32 characters";
    if (o.statusIntervalMs < 100)
        return "status interval must be at least 100 ms";
    if (o.keepAliveSeconds < 5)
        return "keep-alive must be at least 5 s";
    if (o.backoff.initialMs == 0 || o.backoff.maxMs < o.backoff.initialMs)
        return "backoff needs 0 < initial <= max";
    if (std::string bad = validateConfig(o.initialConfig); !bad.empty())
        return bad;
    if (!o.tls.caFile.empty() && !o.tls.caPem.empty())
        return "give the TLS CA as a file or as PEM text, not both";
    if (!o.tls.caPem.empty() && o.tls.caPem.find("-----BEGIN CERTIFICATE-----") == std::string::npos)
        return "the TLS CA PEM holds no \"-----BEGIN CERTIFICATE-----\" block";
    if (o.tls.hasCustomCa() && !o.tls.enabled)
        return "a TLS CA is set but TLS is off";
    if (o.battery < 0 || o.battery > 100)
        return "battery must be in 0..100";
    if (!std::isfinite(o.temperature) || o.temperature < -50 || o.temperature > 150)
        return "temperature must be in -50..150";
    return {};
}

} // namespace spk::fw
