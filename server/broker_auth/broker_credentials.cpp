#include "server/broker_auth/broker_credentials.h"

#include "shared/wire/identifiers.h"

namespace spk::server::mqttauth {

namespace {
constexpr std::string_view kService = "service";
constexpr std::string_view kDevice = "device";
constexpr std::size_t kMaxHashLength = 256;
} // namespace

std::string credentialLine(const Account &account)
{
    std::string line(account.kind == AccountKind::Service ? kService : kDevice);
    line.append(" ").append(account.username).append(" ").append(account.hash).append("\n");
    return line;
}

bool isSkippableLine(std::string_view line)
{
    return line.empty() || line.front() == '#';
}

bool parseCredentialLine(std::string_view line, Account *out)
{
    if (!line.empty() && line.back() == '\r')
        line.remove_suffix(1);
    const std::size_t a = line.find(' ');
    const std::size_t b = a == std::string_view::npos ? a : line.find(' ', a + 1);
    if (b == std::string_view::npos || line.find(' ', b + 1) != std::string_view::npos)
        return false;
    const std::string_view kind = line.substr(0, a);
    const std::string_view name = line.substr(a + 1, b - a - 1);
    const std::string_view hash = line.substr(b + 1);
    if ((kind != kService && kind != kDevice) || !spk::wire::isValidIdentifier(name) || hash.empty() ||
        hash.size() > kMaxHashLength)
        return false;
    out->kind = kind == kService ? AccountKind::Service : AccountKind::Device;
    out->username = std::string(name);
    out->hash = std::string(hash);
    return true;
}

} // namespace spk::server::mqttauth
