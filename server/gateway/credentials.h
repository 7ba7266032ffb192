#pragma once
// {"username","password"} as login and user creation take them.
#include <QJsonObject>
#include <QString>
#include <optional>

namespace spk::server {

struct Credentials
{
    QString username; // 1–64 characters
    QString password; // 1–128 characters (the policy is checked where passwords are set)
};

std::optional<Credentials> readCredentials(const QJsonObject &body, QString *error);

} // namespace spk::server
