#pragma once
// The decisions of the spk Mosquitto auth plugin, without Mosquitto: who may log in (a device with
// its id as username and client id and its secret; a service account with its password) and what each
// may do (services: everything; devices: spk::wire::deviceMay). The accounts come from the broker
// credentials file; replacing them reports whose login changed or vanished, so the plugin can cut
// those connections at once. Qt-free, single-threaded (Mosquitto's main loop).
#include "server/broker_auth/broker_credentials.h"
#include "shared/wire/device_acl.h"

#include <string>
#include <unordered_map>
#include <vector>

namespace spk::server::mqttauth {

class BrokerAuthorizer
{
public:
    struct LoadResult
    {
        std::size_t devices = 0;
        std::size_t services = 0;
        std::size_t malformedLines = 0;
        std::vector<std::string> revoked; // usernames deleted or given a new secret/password
    };
    // Replaces the accounts with those in `text` (the credentials file).
    LoadResult load(std::string_view text);

    // username/password may be null (an MQTT CONNECT without them).
    bool authenticate(const char *username, const char *password, const char *clientId);
    bool authorize(const char *username, spk::wire::MqttAccess access, std::string_view topic) const;

    std::size_t accountCount() const { return accounts_.size(); }

private:
    std::unordered_map<std::string, Account> accounts_;
    // Service passwords are argon2id (slow on purpose): remember the digest of the last one verified,
    // so a reconnecting spkd costs one fast digest, not a second of the broker's loop per replica.
    std::unordered_map<std::string, std::string> verifiedService_;
};

} // namespace spk::server::mqttauth
