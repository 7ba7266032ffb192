#include "server/broker_auth/broker_authorizer.h"

#include "server/auth/device_secret_digest.h"

#include <cstring>
#include <sodium.h>

namespace spk::server::mqttauth {

namespace {

// A fast fingerprint of a verified service password (never stored in plain).
std::string fingerprint(const std::string &hash, const char *password)
{
    unsigned char out[crypto_generichash_BYTES];
    crypto_generichash_state st;
    crypto_generichash_init(&st, nullptr, 0, sizeof out);
    crypto_generichash_update(&st, reinterpret_cast<const unsigned char *>(hash.data()), hash.size() + 1);
    crypto_generichash_update(&st, reinterpret_cast<const unsigned char *>(password), std::strlen(password));
    crypto_generichash_final(&st, out, sizeof out);
    return std::string(reinterpret_cast<const char *>(out), sizeof out);
}

} // namespace

BrokerAuthorizer::LoadResult BrokerAuthorizer::load(std::string_view text)
{
    LoadResult result;
    std::unordered_map<std::string, Account> next;
    while (!text.empty()) {
        const std::size_t nl = text.find('\n');
        const std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        if (isSkippableLine(line))
            continue;
        Account a;
        if (!parseCredentialLine(line, &a)) {
            ++result.malformedLines;
            continue;
        }
        (a.kind == AccountKind::Device ? result.devices : result.services)++;
        std::string name = a.username;
        next.insert_or_assign(std::move(name), std::move(a));
    }
    for (const auto &[name, old] : accounts_) {
        const auto it = next.find(name);
        if (it == next.end() || it->second.hash != old.hash || it->second.kind != old.kind)
            result.revoked.push_back(name);
    }
    accounts_ = std::move(next);
    for (auto it = verifiedService_.begin(); it != verifiedService_.end();)
        it = accounts_.count(it->first) ? std::next(it) : verifiedService_.erase(it);
    return result;
}

bool BrokerAuthorizer::authenticate(const char *username, const char *password, const char *clientId)
{
    if (!username || !password || !*password)
        return false;
    const auto it = accounts_.find(username);
    if (it == accounts_.end())
        return false;
    const Account &a = it->second;
    if (a.kind == AccountKind::Device) // the client id is the device id: no one takes over another's session
        return clientId && a.username == clientId && auth::deviceSecretMatches(a.hash, password);
    const std::string seen = fingerprint(a.hash, password);
    if (const auto v = verifiedService_.find(a.username); v != verifiedService_.end() && v->second == seen)
        return true;
    if (crypto_pwhash_str_verify(a.hash.c_str(), password, std::strlen(password)) != 0)
        return false;
    verifiedService_[a.username] = seen;
    return true;
}

bool BrokerAuthorizer::authorize(const char *username, spk::wire::MqttAccess access,
                                 std::string_view topic) const
{
    if (!username)
        return false;
    const auto it = accounts_.find(username);
    if (it == accounts_.end())
        return false; // deleted since it logged in (its connection is being cut)
    if (it->second.kind == AccountKind::Service)
        return true;
    return spk::wire::deviceMay(access, it->second.username, topic);
}

} // namespace spk::server::mqttauth
