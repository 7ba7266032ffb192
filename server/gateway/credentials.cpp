#include "server/gateway/credentials.h"

#include "shared/protocol/json_input.h"

namespace spk::server {

std::optional<Credentials> readCredentials(const QJsonObject &body, QString *error)
{
    const auto username = spk::proto::readString(body, QStringLiteral("username"), 64, error);
    if (!username)
        return std::nullopt;
    const auto password = spk::proto::readString(body, QStringLiteral("password"), 128, error);
    if (!password)
        return std::nullopt;
    return Credentials{*username, *password};
}

} // namespace spk::server
