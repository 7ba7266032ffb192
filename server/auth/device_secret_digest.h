#pragma once
// The stored form of a device secret: "b2$" + hex(BLAKE2b-256 keyed with a fixed application key).
// Device secrets are 32 random bytes (high entropy), so a fast keyed digest is enough and keeps every
// device login fast. Qt-free: spkd (REST, /ws/audio) and the Mosquitto auth plugin check secrets with
// this one function, so the broker accepts exactly what spkd stored.
#include <string>
#include <string_view>

namespace spk::server::auth {

// Callers must have initialised libsodium (sodium_init).
std::string deviceSecretDigest(std::string_view secret);
// Constant time; false for an empty secret or a malformed digest.
bool deviceSecretMatches(std::string_view digest, std::string_view secret);

} // namespace spk::server::auth
