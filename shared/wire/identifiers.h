#pragma once
// The identifier rule (protocol.md §3.1): device ids, request ids and session ids appear in MQTT topics
// and URLs, so they are 1–64 characters of [A-Za-z0-9_-]. Qt-free: the firmware core uses it too.
#include <cstddef>
#include <string_view>

namespace spk::wire {

inline constexpr std::size_t kMaxIdentifierLength = 64;

constexpr bool isIdentifierChar(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

constexpr bool isValidIdentifier(std::string_view id)
{
    if (id.empty() || id.size() > kMaxIdentifierLength)
        return false;
    for (const char c : id)
        if (!isIdentifierChar(c))
            return false;
    return true;
}

} // namespace spk::wire
