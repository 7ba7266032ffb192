#pragma once
// What every spkctl command gets: output streams, the resolved server and token, the REST client,
// and the one place that turns a failed call into a message on stderr and an exit code.
#include "cli/credentials_store.h"
#include "cli/exit_codes.h"
#include "shared/client/api_client.h"

#include <QJsonValue>
#include <QTextStream>
#include <memory>

namespace spk::cli {

struct GlobalOptions
{
    QString server; // --server, empty when not given
    QString token;  // --token
    bool json = false;
    QString caFile; // --ca
};

class Context
{
public:
    Context(QTextStream &out, QTextStream &err, CredentialsStore store);
    ~Context();

    QTextStream &out;
    QTextStream &err;
    CredentialsStore store;
    bool json = false;
    QString server; // effective base URL
    QString token;  // effective token (may be empty)
    QString caFile; // effective CA file for https/wss (absolute path; empty = the system's CAs only)

    // Applies flags > environment (SPK_SERVER, SPK_TOKEN, SPK_CA) > credentials file. The stored token
    // and CA file are used only for the server they were saved with, so --server never leaks the token
    // to another host.
    void resolve(const GlobalOptions &flags);

    client::ApiClient &api();
    // Runs a call to completion in a local event loop.
    client::ApiResult call(client::ApiReply *reply);

    // Prints the error (server message, or network failure) to stderr; returns the exit code.
    int fail(const client::ApiResult &result);
    // Prints "spkctl: message" plus a hint to the command's help; returns ExitUsage.
    int usage(const QString &message, const QString &command);
    // Prints a local failure; returns ExitError.
    int error(const QString &message);
    // False (after telling the person to log in) when there is no token.
    bool requireToken();

    void printJson(const QJsonValue &value); // indented for objects/arrays, one line otherwise
    void printJsonLine(const QJsonValue &value);

private:
    std::unique_ptr<client::ApiClient> api_;
    bool caFileUnusable_ = false;
};

// The documented exit code for a failed call.
int exitCodeFor(const client::ApiResult &result);

} // namespace spk::cli
