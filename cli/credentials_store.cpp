#include "cli/credentials_store.h"

#include "cli/tr.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <sys/stat.h>

namespace spk::cli {

namespace {
constexpr qint64 kMaxFileBytes = 64 * 1024;
}

CredentialsStore::CredentialsStore() : path_(defaultFilePath()) {}

QString CredentialsStore::defaultFilePath()
{
    QString base = qEnvironmentVariable("XDG_CONFIG_HOME");
    if (base.isEmpty() || !QDir::isAbsolutePath(base))
        base = QDir::homePath() + QStringLiteral("/.config");
    return base + QStringLiteral("/spk/spkctl.json");
}

StoredCredentials CredentialsStore::load(QString *error) const
{
    StoredCredentials c;
    QFile file(path_);
    if (!file.exists())
        return c;
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = spkctl::tr("Cannot read %1: %2").arg(path_, file.errorString());
        return c;
    }
    const QByteArray bytes = file.read(kMaxFileBytes + 1);
    QJsonParseError perr{};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &perr);
    if (bytes.size() > kMaxFileBytes || !doc.isObject()) {
        if (error)
            *error = spkctl::tr("%1 is not a valid spkctl credentials file; run \"spkctl login\" again.")
                         .arg(path_);
        return c;
    }
    const QJsonObject o = doc.object();
    c.server = o.value(QStringLiteral("server")).toString();
    c.caFile = o.value(QStringLiteral("ca_file")).toString();
    c.token = o.value(QStringLiteral("token")).toString();
    c.username = o.value(QStringLiteral("username")).toString();
    c.expiresAt = QDateTime::fromString(o.value(QStringLiteral("expires_at")).toString(), Qt::ISODateWithMs);
    return c;
}

bool CredentialsStore::save(const StoredCredentials &creds, QString *error) const
{
    const QString dir = QFileInfo(path_).absolutePath();
    if (!QDir().mkpath(dir)) {
        *error = spkctl::tr("Cannot create the directory %1.").arg(dir);
        return false;
    }
    // The token is a password: only the owner may list the directory or read the file.
    ::chmod(QFile::encodeName(dir).constData(), 0700);

    QJsonObject o{{QStringLiteral("server"), creds.server}};
    if (!creds.caFile.isEmpty())
        o.insert(QStringLiteral("ca_file"), creds.caFile);
    if (!creds.token.isEmpty())
        o.insert(QStringLiteral("token"), creds.token);
    if (!creds.username.isEmpty())
        o.insert(QStringLiteral("username"), creds.username);
    if (creds.expiresAt.isValid())
        o.insert(QStringLiteral("expires_at"), creds.expiresAt.toUTC().toString(Qt::ISODateWithMs));

    QSaveFile file(path_);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = spkctl::tr("Cannot write %1: %2").arg(path_, file.errorString());
        return false;
    }
    // Restrict the temporary file before the token is written into it.
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(QJsonDocument(o).toJson(QJsonDocument::Indented));
    if (!file.commit()) {
        *error = spkctl::tr("Cannot write %1: %2").arg(path_, file.errorString());
        return false;
    }
    ::chmod(QFile::encodeName(path_).constData(), 0600);
    return true;
}

bool CredentialsStore::clearToken(QString *error) const
{
    QString loadError;
    StoredCredentials c = load(&loadError);
    if (!loadError.isEmpty()) {
        // An unreadable file holds nothing we can keep; removing it is the only way to forget.
        if (!QFile::remove(path_)) {
            *error = loadError;
            return false;
        }
        return true;
    }
    if (!QFile::exists(path_))
        return true;
    c.token.clear();
    c.username.clear();
    c.expiresAt = QDateTime();
    return save(c, error);
}

} // namespace spk::cli
