#include "server/http/range_request.h"

namespace spk::server {

std::optional<ByteRange> parseRange(const QByteArray &header, qint64 size, bool *unsatisfiable)
{
    *unsatisfiable = false;
    const QByteArray h = header.trimmed();
    if (!h.startsWith("bytes=") || h.contains(','))
        return std::nullopt;
    const QByteArray spec = h.mid(6);
    const int dash = spec.indexOf('-');
    if (dash < 0)
        return std::nullopt;
    const QByteArray a = spec.left(dash).trimmed(), b = spec.mid(dash + 1).trimmed();
    bool okA = true, okB = true;
    ByteRange r;
    if (a.isEmpty()) { // suffix: last n bytes
        const qint64 n = b.toLongLong(&okB);
        if (!okB || n <= 0) {
            *unsatisfiable = okB;
            return std::nullopt;
        }
        r.first = qMax<qint64>(0, size - n);
        r.last = size - 1;
    } else {
        r.first = a.toLongLong(&okA);
        r.last = b.isEmpty() ? size - 1 : b.toLongLong(&okB);
        if (!okA || !okB || r.first < 0 || r.last < r.first)
            return std::nullopt;
        r.last = qMin(r.last, size - 1);
    }
    if (size == 0 || r.first >= size) {
        *unsatisfiable = true;
        return std::nullopt;
    }
    return r;
}

void serveBytes(const ExchangePtr &ex, const QByteArray &bytes, const QByteArray &contentType)
{
    const qint64 size = bytes.size();
    const QByteArray rangeHeader = ex->header("range");
    bool unsatisfiable = false;
    const auto range = rangeHeader.isEmpty() ? std::nullopt : parseRange(rangeHeader, size, &unsatisfiable);
    if (unsatisfiable) {
        return ex->reply(
            416, "application/json",
            spk::proto::ApiError{416, QStringLiteral("range_not_satisfiable"),
                                 QStringLiteral("the range is outside the %1-byte body").arg(size)}
                .toBody(),
            {{"Content-Range", "bytes */" + QByteArray::number(size)}});
    }
    if (!range)
        return ex->reply(200, contentType, bytes, {{"Accept-Ranges", "bytes"}});
    const QByteArray slice = bytes.mid(range->first, range->last - range->first + 1);
    ex->reply(206, contentType, slice,
              {{"Accept-Ranges", "bytes"},
               {"Content-Range", "bytes " + QByteArray::number(range->first) + '-' +
                                     QByteArray::number(range->last) + '/' + QByteArray::number(size)}});
}

} // namespace spk::server
