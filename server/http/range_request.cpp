#include "server/http/range_request.h"

#include <algorithm>
#include <limits>

namespace spk::server {

namespace {
bool isDigits(const QByteArray &s)
{
    return !s.isEmpty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}
// A position of the header; one too large for qint64 is past the end of any body.
qint64 position(const QByteArray &digits)
{
    bool ok = false;
    const qint64 v = digits.toLongLong(&ok);
    return ok ? v : std::numeric_limits<qint64>::max();
}
} // namespace

std::optional<ByteRange> parseRange(const QByteArray &header, qint64 size, bool *unsatisfiable)
{
    *unsatisfiable = false;
    const QByteArray h = header.trimmed();
    if (!h.startsWith("bytes=") || h.contains(','))
        return std::nullopt; // not a single byte range: ignored, the whole body is served (RFC 9110 §14.2)
    const QByteArray spec = h.mid(6);
    const int dash = spec.indexOf('-');
    if (dash < 0)
        return std::nullopt;
    const QByteArray a = spec.left(dash).trimmed(), b = spec.mid(dash + 1).trimmed();
    ByteRange r;
    if (a.isEmpty()) { // suffix: the last n bytes
        if (!isDigits(b))
            return std::nullopt;
        const qint64 n = position(b);
        if (n == 0 || size == 0) {
            *unsatisfiable = true;
            return std::nullopt;
        }
        r.first = qMax<qint64>(0, size - n);
        r.last = size - 1;
        return r;
    }
    if (!isDigits(a) || (!b.isEmpty() && !isDigits(b)))
        return std::nullopt;
    r.first = position(a);
    r.last = b.isEmpty() ? std::numeric_limits<qint64>::max() : position(b);
    if (r.last < r.first)
        return std::nullopt; // invalid: ignored
    if (r.first >= size) {   // starts past the end (also every range of an empty body)
        *unsatisfiable = true;
        return std::nullopt;
    }
    r.last = qMin(r.last, size - 1);
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
