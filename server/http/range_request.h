#pragma once
// Serving a byte body with HTTP Range support (RFC 9110 §14: a single "bytes=a-b", "a-" or "-n" range).
#include "server/http/http_exchange.h"

namespace spk::server {

struct ByteRange
{
    qint64 first = 0, last = 0; // inclusive
};
// nullopt + *unsatisfiable=false: no (or unsupported multi-) range → serve whole; *unsatisfiable=true → 416.
std::optional<ByteRange> parseRange(const QByteArray &header, qint64 size, bool *unsatisfiable);
// 200 with the whole body, 206 with the requested slice, or 416.
void serveBytes(const ExchangePtr &ex, const QByteArray &bytes, const QByteArray &contentType);

} // namespace spk::server
