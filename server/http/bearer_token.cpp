#include "server/http/bearer_token.h"

namespace spk::server {

QString headerBearerToken(const QByteArray &authorizationHeader)
{
    const QByteArray h = authorizationHeader.trimmed();
    if (h.size() > 7 && h.left(7).compare("bearer ", Qt::CaseInsensitive) == 0)
        return QString::fromUtf8(h.mid(7).trimmed());
    return {};
}

QString bearerToken(const QByteArray &authorizationHeader, const QUrlQuery &query)
{
    const QString fromHeader = headerBearerToken(authorizationHeader);
    if (!fromHeader.isEmpty())
        return fromHeader;
    return query.queryItemValue(QStringLiteral("token"), QUrl::FullyDecoded);
}

} // namespace spk::server
