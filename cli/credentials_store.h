#pragma once
// Where `spkctl login` keeps the server URL, CA file and token: $XDG_CONFIG_HOME/spk/spkctl.json
// (default ~/.config/spk/spkctl.json), file mode 0600 in a 0700 directory, replaced atomically.
#include <QDateTime>
#include <QString>

namespace spk::cli {

struct StoredCredentials
{
    QString server;
    QString token;
    QString username;
    QDateTime expiresAt;
    QString caFile; // the --ca file the server's certificate was verified with (absolute), empty = none
};

class CredentialsStore
{
public:
    // Path from the environment (XDG_CONFIG_HOME, HOME).
    CredentialsStore();
    explicit CredentialsStore(QString filePath) : path_(std::move(filePath)) {}

    QString filePath() const { return path_; }
    static QString defaultFilePath();

    // A missing file is not an error (empty credentials). *error is set for an unreadable or
    // malformed file.
    StoredCredentials load(QString *error = nullptr) const;
    bool save(const StoredCredentials &creds, QString *error) const;
    // Keeps the server URL and CA file, forgets token/username/expiry.
    bool clearToken(QString *error) const;

private:
    QString path_;
};

} // namespace spk::cli
