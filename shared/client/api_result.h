#pragma once
// The outcome of one REST call, whatever went wrong: HTTP error envelope, network failure or timeout.
#include "shared/protocol/api_error.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace spk::client {

// Error codes the client invents when the server never answered properly (the server's own codes,
// e.g. "device_timeout", come from its error envelope).
namespace errc {
inline constexpr char kNetworkError[] = "network_error";       // refused, unreachable, reset
inline constexpr char kTimeout[] = "timeout";                  // no complete answer within the timeout
inline constexpr char kInvalidResponse[] = "invalid_response"; // answer is not the JSON we expect
inline constexpr char kCanceled[] = "canceled";                // ApiReply::abort()
inline constexpr char kFileError[] = "file_error";             // audio sink could not be opened/written
inline constexpr char kHttpError[] = "http_error";             // non-2xx without an error envelope
inline constexpr char kTlsError[] = "tls_error"; // certificate not trusted, TLS handshake failed, bad CA file
} // namespace errc

struct ApiResult
{
    bool ok = false;
    int httpStatus = 0;         // 0 when no HTTP response arrived (network error, timeout, canceled)
    QJsonObject json;           // the parsed body (empty for 204 and binary downloads)
    QByteArray raw;             // the body as received (empty for downloads written to a sink)
    spk::proto::ApiError error; // set when !ok: code + message (+ httpStatus)
    QStringList tlsErrors;      // tls_error: why the certificate was refused (empty for other TLS failures)

    QString errorCode() const { return error.code; }
    QString errorMessage() const { return error.message; }
    bool isUnauthorized() const { return httpStatus == 401; }
};

} // namespace spk::client
