#pragma once
// The one Bearer-token parser, for the people's API and /ws (gateway) and the devices' /ws/audio (bridge).
#include <QByteArray>
#include <QString>
#include <QUrlQuery>

namespace spk::server {

// The token of "Authorization: Bearer <token>" (scheme case-insensitive, surrounding spaces trimmed,
// decoded as UTF-8) or, for WebSocket clients that cannot set headers, the "?token=" query item.
// Empty when neither carries one.
QString bearerToken(const QByteArray &authorizationHeader, const QUrlQuery &query);
// Only the header's token: REST routes do not take one from the query, where URLs carry it into
// logs, proxies and browser history.
QString headerBearerToken(const QByteArray &authorizationHeader);

} // namespace spk::server
