#include "server/app/broker_setup.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <sodium.h>

namespace spk::server {

namespace {

constexpr char kPluginFile[] = "spk_mosquitto_auth.so";

QString findAuthPlugin()
{
    const QDir here(QCoreApplication::applicationDirPath());
    // The build tree puts it next to spkd; an install in <prefix>/lib/spk.
    for (const QString &candidate :
         {here.absoluteFilePath(QLatin1String(kPluginFile)),
          here.absoluteFilePath(QStringLiteral("../lib/spk/") + QLatin1String(kPluginFile))})
        if (QFileInfo(candidate).isFile())
            return QFileInfo(candidate).canonicalFilePath();
    return {};
}

QString randomPassword()
{
    unsigned char raw[24];
    randombytes_buf(raw, sizeof raw);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(raw), sizeof raw)
                                   .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

} // namespace

bool resolveBrokerSetup(const ServerConfig &config, BrokerSetup *out, QString *error)
{
    *out = {};
    out->username = config.mqttUsername;
    out->password = config.mqttPassword;
    const bool embeddedAuth = config.mqttEmbedded && !config.mqttAllowAnonymous;
    if (config.mqttEmbedded && out->password.isEmpty())
        out->password = randomPassword(); // no one else logs in as spkd to a private broker
    out->credentialsFile = config.mqttCredentialsFile;
    if (embeddedAuth && out->credentialsFile.isEmpty())
        out->credentialsFile = QDir(config.dataDir).absoluteFilePath(QStringLiteral("mosquitto/credentials"));
    if (!embeddedAuth)
        return true;
    out->authPlugin = config.mqttAuthPlugin.isEmpty() ? findAuthPlugin() : config.mqttAuthPlugin;
    if (out->authPlugin.isEmpty() || !QFileInfo(out->authPlugin).isFile()) {
        *error = QStringLiteral("the broker auth plugin %1 is not there (mqtt.auth_plugin; or "
                                "mqtt.allow_anonymous: true for an open development broker)")
                     .arg(out->authPlugin.isEmpty() ? QLatin1String(kPluginFile) : out->authPlugin);
        return false;
    }
    return true;
}

} // namespace spk::server
