#include "shared/client/api_client.h"

#include "shared/client/client_log.h"
#include "shared/client/tls_trust.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSaveFile>

namespace spk::client {

namespace {

QString pathSegment(const QString &s)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(s));
}

QByteArray toBody(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace

ApiClient::ApiClient(QObject *parent)
    : QObject(parent), network_(new QNetworkAccessManager(this)), tls_(TlsTrust::systemDefault())
{
    // Requests carry the bearer token: never follow a redirect to another origin.
    network_->setRedirectPolicy(QNetworkRequest::SameOriginRedirectPolicy);
}

ApiClient::~ApiClient()
{
    // Pending replies hold QNetworkReplys of network_; end them before the manager goes.
    const auto pending = findChildren<ApiReply *>(QString(), Qt::FindDirectChildrenOnly);
    for (ApiReply *reply : pending)
        delete reply;
    delete network_;
}

void ApiClient::setBaseUrl(const QUrl &url)
{
    baseUrl_ = url;
    // "http://h:1/prefix/" and "http://h:1/prefix" mean the same thing
    QString path = baseUrl_.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    baseUrl_.setPath(path);
}

bool ApiClient::setCaFile(const QString &caFile, QString *error)
{
    caFile_ = caFile;
    if (!TlsTrust::choose(caFile, &tls_, &tlsError_)) {
        if (error)
            *error = tlsError_;
        return false;
    }
    // Connections kept alive were verified against the old trust: do not reuse them.
    network_->clearConnectionCache();
    return true;
}

void ApiClient::setToken(const QString &token)
{
    if (token == token_)
        return;
    token_ = token;
    emit tokenChanged(token_);
}

QUrl ApiClient::urlFor(const QString &path, const QUrlQuery &query) const
{
    QUrl url = baseUrl_;
    url.setPath(baseUrl_.path() + path);
    if (!query.isEmpty())
        url.setQuery(query);
    return url;
}

ApiReply *ApiClient::send(const QByteArray &method, const QUrl &url, const QByteArray &body, int timeoutMs,
                          QIODevice *sink)
{
    if (!baseUrl_.isValid() || baseUrl_.host().isEmpty() ||
        (baseUrl_.scheme() != QLatin1String("http") && baseUrl_.scheme() != QLatin1String("https"))) {
        return ApiReply::makeFailed(
            QString::fromLatin1(errc::kNetworkError),
            tr("The server address \"%1\" is not an http:// or https:// URL.").arg(baseUrl_.toString()),
            this);
    }
    if (!tlsError_.isEmpty())
        return ApiReply::makeFailed(QString::fromLatin1(errc::kTlsError), tlsError_, this);
    QNetworkRequest request(url);
    if (url.scheme() == QLatin1String("https"))
        request.setSslConfiguration(tls_);
    request.setRawHeader("Accept", sink ? "audio/ogg, application/json" : "application/json");
    if (!token_.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token_.toUtf8());
    if (!body.isEmpty() || method == "POST" || method == "PUT")
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    // The ApiReply owns the timeout; Qt's own transfer timeout would report a different error.
    request.setTransferTimeout(0);

    qCDebug(lcClient) << method << url.toString(QUrl::RemoveUserInfo);
    QNetworkReply *raw = network_->sendCustomRequest(request, method, body);
    auto *reply = new ApiReply(raw, timeoutMs > 0 ? timeoutMs : timeoutMs_, sink, this);
    connect(reply, &ApiReply::finished, this, [this, reply] {
        if (reply->result().isUnauthorized())
            emit unauthorized();
    });
    return reply;
}

ApiReply *ApiClient::request(const QByteArray &method, const QString &path, const QUrlQuery &query,
                             const QJsonObject *body, int timeoutMs)
{
    return send(method, urlFor(path, query), body ? toBody(*body) : QByteArray(), timeoutMs, nullptr);
}

ApiReply *ApiClient::login(const QString &username, const QString &password)
{
    const QJsonObject body{{QStringLiteral("username"), username}, {QStringLiteral("password"), password}};
    ApiReply *reply = request("POST", QStringLiteral("/api/auth/login"), {}, &body);
    connect(reply, &ApiReply::finished, this, [this, reply] {
        const QString token = reply->result().json.value(QStringLiteral("token")).toString();
        if (reply->result().ok && !token.isEmpty())
            setToken(token);
    });
    return reply;
}

ApiReply *ApiClient::logout()
{
    ApiReply *reply = request("POST", QStringLiteral("/api/auth/logout"));
    connect(reply, &ApiReply::finished, this, [this, reply] {
        if (reply->result().ok)
            setToken(QString());
    });
    return reply;
}

ApiReply *ApiClient::me()
{
    return request("GET", QStringLiteral("/api/me"));
}

ApiReply *ApiClient::listUsers()
{
    return request("GET", QStringLiteral("/api/users"));
}

ApiReply *ApiClient::addUser(const QString &username, const QString &password, const QString &role)
{
    const QJsonObject body{{QStringLiteral("username"), username},
                           {QStringLiteral("password"), password},
                           {QStringLiteral("role"), role}};
    return request("POST", QStringLiteral("/api/users"), {}, &body);
}

ApiReply *ApiClient::removeUser(qint64 id)
{
    return request("DELETE", QStringLiteral("/api/users/%1").arg(id));
}

ApiReply *ApiClient::updateUser(qint64 id, const QString &role, const QString &password)
{
    QJsonObject body;
    if (!role.isEmpty())
        body.insert(QStringLiteral("role"), role);
    if (!password.isEmpty())
        body.insert(QStringLiteral("password"), password);
    return request("PATCH", QStringLiteral("/api/users/%1").arg(id), {}, &body);
}

ApiReply *ApiClient::changeOwnPassword(const QString &currentPassword, const QString &newPassword)
{
    const QJsonObject body{{QStringLiteral("current_password"), currentPassword},
                           {QStringLiteral("new_password"), newPassword}};
    ApiReply *reply = request("PUT", QStringLiteral("/api/me/password"), {}, &body);
    connect(reply, &ApiReply::finished, this, [this, reply] {
        const QString token = reply->result().json.value(QStringLiteral("token")).toString();
        if (reply->result().ok && !token.isEmpty())
            setToken(token);
    });
    return reply;
}

ApiReply *ApiClient::listDevices(std::optional<qint64> ownerId)
{
    QUrlQuery query;
    if (ownerId)
        query.addQueryItem(QStringLiteral("owner_id"), QString::number(*ownerId));
    return request("GET", QStringLiteral("/api/devices"), query);
}

ApiReply *ApiClient::device(const QString &id)
{
    return request("GET", QStringLiteral("/api/devices/") + pathSegment(id));
}

ApiReply *ApiClient::addDevice(const QString &id, const QString &name, qint64 ownerId)
{
    const QJsonObject body{
        {QStringLiteral("id"), id}, {QStringLiteral("name"), name}, {QStringLiteral("owner_id"), ownerId}};
    return request("POST", QStringLiteral("/api/devices"), {}, &body);
}

ApiReply *ApiClient::removeDevice(const QString &id)
{
    return request("DELETE", QStringLiteral("/api/devices/") + pathSegment(id));
}

ApiReply *ApiClient::rotateDeviceSecret(const QString &id)
{
    return request("POST", QStringLiteral("/api/devices/") + pathSegment(id) + QStringLiteral("/secret"));
}

ApiReply *ApiClient::setConfig(const QString &id, const QJsonObject &config)
{
    return request("PUT", QStringLiteral("/api/devices/%1/config").arg(pathSegment(id)), {}, &config,
                   deviceCommandTimeoutMs_);
}

ApiReply *ApiClient::reboot(const QString &id)
{
    const QJsonObject empty;
    return request("POST", QStringLiteral("/api/devices/%1/reboot").arg(pathSegment(id)), {}, &empty,
                   deviceCommandTimeoutMs_);
}

ApiReply *ApiClient::listSessions(const SessionQuery &query)
{
    return request("GET", QStringLiteral("/api/sessions"), query.toUrlQuery());
}

ApiReply *ApiClient::session(qint64 id)
{
    return request("GET", QStringLiteral("/api/sessions/%1").arg(id));
}

ApiReply *ApiClient::downloadSessionAudio(qint64 id, AudioTrack track, QIODevice *sink)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("track"), audioTrackName(track));
    return send("GET", urlFor(QStringLiteral("/api/sessions/%1/audio").arg(id), query), {}, timeoutMs_, sink);
}

ApiReply *ApiClient::downloadSessionAudio(qint64 id, AudioTrack track, const QString &filePath)
{
    auto *file = new QSaveFile(filePath);
    if (!file->open(QIODevice::WriteOnly)) {
        const QString why = file->errorString();
        delete file;
        return ApiReply::makeFailed(QString::fromLatin1(errc::kFileError),
                                    tr("Cannot write %1: %2").arg(filePath, why), this);
    }
    ApiReply *reply = downloadSessionAudio(id, track, static_cast<QIODevice *>(file));
    reply->setSaveFile(file);
    return reply;
}

ApiReply *ApiClient::audit(const AuditQuery &query)
{
    return request("GET", QStringLiteral("/api/audit"), query.toUrlQuery());
}

ApiReply *ApiClient::health()
{
    return request("GET", QStringLiteral("/healthz"));
}

} // namespace spk::client
