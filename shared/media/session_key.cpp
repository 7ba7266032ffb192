#include "shared/media/session_key.h"

#include "shared/media/sodium_init.h"

#include <sodium.h>

#include <stdexcept>

namespace spk::media {

SessionKey randomSessionKey()
{
    if (!ensureSodium())
        throw std::runtime_error("libsodium failed to initialise");
    SessionKey key{};
    randombytes_buf(key.data(), key.size());
    return key;
}

std::string sessionKeyToBase64(const SessionKey &key)
{
    const int variant = sodium_base64_VARIANT_ORIGINAL;
    std::string out(sodium_base64_ENCODED_LEN(key.size(), variant), '\0');
    sodium_bin2base64(out.data(), out.size(), key.data(), key.size(), variant);
    out.resize(out.find('\0')); // the encoded length counts the terminating NUL
    return out;
}

std::optional<SessionKey> sessionKeyFromBase64(std::string_view text)
{
    if (!ensureSodium())
        return std::nullopt;
    // Decode into a larger buffer so that "too long" is detected instead of silently truncated.
    std::array<std::uint8_t, kSessionKeySize + 4> buffer{};
    std::size_t decoded = 0;
    const char *end = nullptr;
    if (sodium_base642bin(buffer.data(), buffer.size(), text.data(), text.size(), nullptr, &decoded, &end,
                          sodium_base64_VARIANT_ORIGINAL) != 0)
        return std::nullopt;
    if (end != text.data() + text.size() || decoded != kSessionKeySize)
        return std::nullopt;
    SessionKey key{};
    std::copy(buffer.begin(), buffer.begin() + kSessionKeySize, key.begin());
    return key;
}

} // namespace spk::media
