#include "cli/context.h"

#include "cli/tr.h"

#include <QDir>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

namespace spk::cli {

namespace {
const QString kDefaultServer = QStringLiteral("http://127.0.0.1:8080");

// "http://h:8080/" and "http://h:8080" are the same server.
QString normalizedServer(const QString &url)
{
    QString s = url.trimmed();
    while (s.endsWith(QLatin1Char('/')))
        s.chop(1);
    return s;
}
} // namespace

Context::Context(QTextStream &out, QTextStream &err, CredentialsStore store)
    : out(out), err(err), store(std::move(store))
{
}

Context::~Context() = default;

void Context::resolve(const GlobalOptions &flags)
{
    json = flags.json;
    QString loadError;
    const StoredCredentials stored = store.load(&loadError);
    if (!loadError.isEmpty())
        err << spkctl::tr("spkctl: warning: %1").arg(loadError) << Qt::endl;

    const QString envServer = qEnvironmentVariable("SPK_SERVER");
    if (!flags.server.isEmpty())
        server = flags.server;
    else if (!envServer.isEmpty())
        server = envServer;
    else if (!stored.server.isEmpty())
        server = stored.server;
    else
        server = kDefaultServer;
    server = normalizedServer(server);

    const bool storedServer = normalizedServer(stored.server) == server;
    const QString envCa = qEnvironmentVariable("SPK_CA");
    if (!flags.caFile.isEmpty())
        caFile = flags.caFile;
    else if (!envCa.isEmpty())
        caFile = envCa;
    else if (storedServer)
        caFile = stored.caFile;
    else
        caFile.clear();
    // Saved by login and used from any directory later: keep it absolute.
    if (!caFile.isEmpty())
        caFile = QDir::cleanPath(QDir::current().absoluteFilePath(caFile));

    const QString envToken = qEnvironmentVariable("SPK_TOKEN");
    if (!flags.token.isEmpty())
        token = flags.token;
    else if (!envToken.isEmpty())
        token = envToken;
    else if (storedServer)
        token = stored.token;
    else
        token.clear();
}

client::ApiClient &Context::api()
{
    if (!api_) {
        api_ = std::make_unique<client::ApiClient>();
        api_->setBaseUrl(QUrl(server));
        api_->setToken(token);
        // An unusable CA file makes every call fail with its reason (tls_error): nothing is sent.
        if (!api_->setCaFile(caFile))
            caFileUnusable_ = true;
    }
    return *api_;
}

client::ApiResult Context::call(client::ApiReply *reply)
{
    client::ApiResult result;
    QEventLoop loop;
    QObject::connect(reply, &client::ApiReply::finished, &loop, [&] {
        result = reply->result();
        loop.quit();
    });
    loop.exec();
    return result;
}

int exitCodeFor(const client::ApiResult &r)
{
    if (r.ok)
        return ExitOk;
    if (r.httpStatus == 0)
        return r.error.code == QLatin1String(client::errc::kFileError) ||
                       r.error.code == QLatin1String(client::errc::kTlsError)
                   ? ExitError
                   : ExitUnreachable;
    if (r.httpStatus == 401)
        return ExitAuth;
    if (r.httpStatus == 403)
        return ExitForbidden;
    if (r.httpStatus == 504 && r.error.code == QLatin1String("device_timeout"))
        return ExitDeviceTimeout;
    return ExitError;
}

int Context::fail(const client::ApiResult &r)
{
    const int code = exitCodeFor(r);
    QString message = r.error.message;
    if (message.isEmpty())
        message = r.error.code;
    err << spkctl::tr("spkctl: %1").arg(message);
    if (caFileUnusable_ && r.error.code == QLatin1String(client::errc::kTlsError))
        err << ' ' << spkctl::tr("(the CA file comes from --ca, SPK_CA or spkctl login)");
    if (r.httpStatus > 0 && !r.error.code.isEmpty())
        err << QStringLiteral(" (%1, HTTP %2)").arg(r.error.code).arg(r.httpStatus);
    err << Qt::endl;
    if (code == ExitAuth && r.httpStatus == 401 && !token.isEmpty())
        err << spkctl::tr("Your session has ended or the token is not valid. Log in again: spkctl login")
            << Qt::endl;
    if (!r.tlsErrors.isEmpty())
        err << (caFile.isEmpty()
                    ? spkctl::tr("The server's certificate is not signed by a CA this system trusts. Give "
                                 "the CA certificate with --ca FILE or SPK_CA.")
                    : spkctl::tr("The CA file %1 did not sign the server's certificate (--ca, SPK_CA or "
                                 "the one saved by spkctl login).")
                          .arg(caFile))
            << Qt::endl;
    if (code == ExitUnreachable)
        err << spkctl::tr("Check that spkd is running and that the server address is right (--server, "
                          "SPK_SERVER or spkctl login --server).")
            << Qt::endl;
    return code;
}

int Context::usage(const QString &message, const QString &command)
{
    err << spkctl::tr("spkctl: %1").arg(message) << Qt::endl;
    err << spkctl::tr("Run \"spkctl %1 --help\" for usage.").arg(command) << Qt::endl;
    return ExitUsage;
}

int Context::error(const QString &message)
{
    err << spkctl::tr("spkctl: %1").arg(message) << Qt::endl;
    return ExitError;
}

bool Context::requireToken()
{
    if (!token.isEmpty())
        return true;
    err << spkctl::tr("spkctl: not logged in to %1. Run \"spkctl login\" or set SPK_TOKEN.").arg(server)
        << Qt::endl;
    return false;
}

void Context::printJson(const QJsonValue &value)
{
    if (value.isObject())
        out << QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented);
    else if (value.isArray())
        out << QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented);
    else
        printJsonLine(value);
    out.flush();
}

void Context::printJsonLine(const QJsonValue &value)
{
    // QJsonDocument cannot hold a scalar; wrap and unwrap.
    QByteArray line;
    if (value.isObject())
        line = QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    else if (value.isArray())
        line = QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    else {
        line = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
        line = line.mid(1, line.size() - 2);
    }
    out << line << '\n';
    out.flush();
}

} // namespace spk::cli
