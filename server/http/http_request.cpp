#include "server/http/http_request.h"

namespace spk::server {

QByteArray HttpRequest::value(const QByteArray &name) const
{
    for (const auto &h : headers_)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    return {};
}

} // namespace spk::server
