#include "server/http/bearer_token.h"

namespace spk::server {

QString bearerToken(const QByteArray &authorizationHeader, const QUrlQuery &query)
{
    const QByteArray h = authorizationHeader.trimmed();
    if (h.size() > 7 && h.left(7).compare("bearer ", Qt::CaseInsensitive) == 0)
        return QString::fromUtf8(h.mid(7).trimmed());
    return query.queryItemValue(QStringLiteral("token"), QUrl::FullyDecoded);
}

} // namespace spk::server
