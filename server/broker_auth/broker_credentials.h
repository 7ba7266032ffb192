#pragma once
// The broker credentials file (protocol.md §7, docs/mqtt-auth.md): spkd writes it from the device
// registry, the spk Mosquitto auth plugin reads it. One account per line, fields separated by one space:
//
//   service <username> <argon2id hash>     spkd's own login (every topic)
//   device <device id> <b2$ digest>        a device (its own subtree only)
//
// Lines starting with '#' and blank lines are skipped. Qt-free, so the plugin links it without Qt.
#include <string>
#include <string_view>

namespace spk::server::mqttauth {

enum class AccountKind { Service, Device };

struct Account
{
    AccountKind kind = AccountKind::Device;
    std::string username;
    std::string hash; // argon2id string for a service, the device-secret digest for a device
};

inline constexpr std::string_view kCredentialsHeader =
    "# spk broker credentials v1: written by spkd from its device registry; do not edit\n";

std::string credentialLine(const Account &account); // with the trailing newline
// false for a malformed line (also for a comment or blank line: check isSkippableLine first).
bool parseCredentialLine(std::string_view line, Account *out);
bool isSkippableLine(std::string_view line);

} // namespace spk::server::mqttauth
