#include "server/auth/device_secret_digest.h"

#include <sodium.h>

namespace spk::server::auth {

namespace {

constexpr std::string_view kPrefix = "b2$";
constexpr size_t kDigestBytes = crypto_generichash_BYTES; // 32: BLAKE2b-256

// Fixed application key: the same secret hashed by another application that uses plain BLAKE2b never
// matches ours.
const unsigned char kDeviceContext[] = "spk/device-secret/v1 BLAKE2b key";
static_assert(sizeof(kDeviceContext) - 1 >= crypto_generichash_KEYBYTES_MIN, "BLAKE2b key too short");

void digestOf(std::string_view secret, unsigned char out[kDigestBytes])
{
    crypto_generichash(out, kDigestBytes, reinterpret_cast<const unsigned char *>(secret.data()),
                       secret.size(), kDeviceContext, sizeof(kDeviceContext) - 1);
}

} // namespace

std::string deviceSecretDigest(std::string_view secret)
{
    unsigned char digest[kDigestBytes];
    digestOf(secret, digest);
    char hex[kDigestBytes * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, kDigestBytes);
    return std::string(kPrefix) + hex;
}

bool deviceSecretMatches(std::string_view digest, std::string_view secret)
{
    if (secret.empty() || digest.substr(0, kPrefix.size()) != kPrefix)
        return false;
    const std::string_view hex = digest.substr(kPrefix.size());
    if (hex.size() != kDigestBytes * 2)
        return false;
    unsigned char expected[kDigestBytes];
    size_t length = 0;
    const char *end = nullptr;
    if (sodium_hex2bin(expected, kDigestBytes, hex.data(), hex.size(), nullptr, &length, &end) != 0 ||
        length != kDigestBytes || end != hex.data() + hex.size())
        return false; // not valid hex
    unsigned char actual[kDigestBytes];
    digestOf(secret, actual);
    return sodium_memcmp(expected, actual, kDigestBytes) == 0;
}

} // namespace spk::server::auth
