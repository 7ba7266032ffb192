#pragma once
// spkd's side of broker authentication (protocol.md §7): its own service login, the credentials file
// the gateway keeps for the spk Mosquitto plugin, and where that plugin is. docs/mqtt-auth.md.
#include "server/core/config.h"

#include <QString>

namespace spk::server {

struct BrokerSetup
{
    QString username, password; // spkd's login; empty username = connect without credentials
    QString credentialsFile;    // empty = none to keep (an external broker that asks /api/broker/*)
    QString authPlugin;         // for the embedded broker; empty with mqtt.allow_anonymous
};

// Fails (with *error) when the embedded broker should authenticate but the plugin is not found.
bool resolveBrokerSetup(const ServerConfig &config, BrokerSetup *out, QString *error);

} // namespace spk::server
