// GET /api/sessions, GET /api/sessions/{id}, GET /api/sessions/{id}/audio
#include "server/gateway/authenticator.h"
#include "server/gateway/device_directory.h"
#include "server/gateway/gateway_services.h"
#include "server/gateway/json_views.h"
#include "server/http/http_server.h"
#include "server/http/range_request.h"
#include "server/storage/session_store.h"
#include "shared/protocol/ids.h"

#include <QFile>
#include <QJsonArray>

namespace spk::server {

namespace {

bool parseTime(const QString &text, QDateTime *out)
{
    *out = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!out->isValid())
        *out = QDateTime::fromString(text, Qt::ISODate);
    return out->isValid();
}

bool sessionVisible(GatewayServices &s, const Caller &caller, const SessionRecord &session)
{
    if (caller.seesAllDevices())
        return true;
    const auto owner = s.directory.ownerOf(session.deviceId);
    return owner && *owner == caller.id;
}

std::optional<SessionRecord> findVisibleSession(GatewayServices &s, const Caller &caller,
                                                const ExchangePtr &ex)
{
    bool ok = false;
    const qint64 id = ex->param(QStringLiteral("id")).toLongLong(&ok);
    std::optional<SessionRecord> session;
    if (ok)
        session = s.sessions.find(id);
    if (!session || !sessionVisible(s, caller, *session)) {
        ex->replyError(404, QStringLiteral("not_found"), QStringLiteral("no such session"));
        return std::nullopt;
    }
    return session;
}

void listSessions(GatewayServices &s, const ExchangePtr &ex)
{
    const auto caller = s.authn.require(ex);
    if (!caller)
        return;
    const QUrlQuery &q = ex->query();
    SessionFilter f;
    auto bad = [&ex](const QString &msg) { ex->replyError(400, QStringLiteral("invalid_input"), msg); };
    f.deviceId = q.queryItemValue(QStringLiteral("device_id"));
    if (!f.deviceId.isEmpty() && !spk::proto::isValidDeviceId(f.deviceId))
        return bad(QStringLiteral("'device_id' is not a valid device id"));
    f.status = q.queryItemValue(QStringLiteral("status"));
    if (!f.status.isEmpty() && f.status != QLatin1String("active") &&
        f.status != QLatin1String("completed") && f.status != QLatin1String("failed"))
        return bad(QStringLiteral("'status' must be active, completed or failed"));
    if (q.hasQueryItem(QStringLiteral("from")) &&
        !parseTime(q.queryItemValue(QStringLiteral("from")), &f.from))
        return bad(QStringLiteral("'from' must be an RFC 3339 time"));
    if (q.hasQueryItem(QStringLiteral("to")) && !parseTime(q.queryItemValue(QStringLiteral("to")), &f.to))
        return bad(QStringLiteral("'to' must be an RFC 3339 time"));
    if (q.hasQueryItem(QStringLiteral("limit"))) {
        bool ok = false;
        f.limit = q.queryItemValue(QStringLiteral("limit")).toInt(&ok);
        if (!ok || f.limit < 1 || f.limit > 500)
            return bad(QStringLiteral("'limit' must be an integer from 1 to 500"));
    }
    if (q.hasQueryItem(QStringLiteral("before"))) {
        bool ok = false;
        f.before = q.queryItemValue(QStringLiteral("before")).toLongLong(&ok);
        if (!ok || f.before < 1)
            return bad(QStringLiteral("'before' must be a cursor from a previous page"));
    }
    if (!caller->seesAllDevices()) {
        f.restrictToDevices = true;
        f.deviceIds = s.directory.devicesOf(caller->id);
    }
    qint64 next = 0;
    QJsonArray arr;
    for (const SessionRecord &r : s.sessions.list(f, &next))
        arr.append(sessionJson(r));
    ex->replyJson(200, {{QStringLiteral("sessions"), arr},
                        {QStringLiteral("next"), next ? QJsonValue(QString::number(next)) : QJsonValue()}});
}

void getSession(GatewayServices &s, const ExchangePtr &ex)
{
    const auto caller = s.authn.require(ex);
    if (!caller)
        return;
    if (const auto session = findVisibleSession(s, *caller, ex))
        ex->replyJson(200, sessionDetailJson(*session, s.sessions.transcripts(session->id)));
}

void getAudio(GatewayServices &s, const ExchangePtr &ex)
{
    const auto caller = s.authn.require(ex);
    if (!caller)
        return;
    const auto session = findVisibleSession(s, *caller, ex);
    if (!session)
        return;
    const QString track = ex->query().queryItemValue(QStringLiteral("track"));
    if (track != QLatin1String("user") && track != QLatin1String("assistant"))
        return ex->replyError(400, QStringLiteral("invalid_input"),
                              QStringLiteral("'track' must be user or assistant"));
    const QString path =
        track == QLatin1String("user") ? session->userAudioPath : session->assistantAudioPath;
    QFile file(path);
    if (path.isEmpty() || !file.open(QIODevice::ReadOnly))
        return ex->replyError(404, QStringLiteral("not_found"),
                              QStringLiteral("this track was not recorded"));
    serveBytes(ex, file.readAll(), QByteArrayLiteral("audio/ogg"));
}

} // namespace

void registerSessionRoutes(HttpServer &http, GatewayServices &s)
{
    using M = QHttpServerRequest::Method;
    http.route(M::Get, QStringLiteral("/api/sessions"), [&s](const ExchangePtr &ex) { listSessions(s, ex); });
    http.route(M::Get, QStringLiteral("/api/sessions/{id}"),
               [&s](const ExchangePtr &ex) { getSession(s, ex); });
    http.route(M::Get, QStringLiteral("/api/sessions/{id}/audio"),
               [&s](const ExchangePtr &ex) { getAudio(s, ex); });
}

} // namespace spk::server
