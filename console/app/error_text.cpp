#include "console/app/error_text.h"

namespace spk::console {

namespace errc = spk::client::errc;

bool ErrorText::isDeviceTimeout(const spk::client::ApiResult &result)
{
    return result.httpStatus == 504 || result.errorCode() == QLatin1String("device_timeout");
}

QString ErrorText::describe(const spk::client::ApiResult &result)
{
    const QString code = result.errorCode();
    QString text;
    if (code == QLatin1String(errc::kNetworkError))
        text = tr("Cannot reach the server. Check the address and that the server is running.");
    else if (code == QLatin1String(errc::kTlsError) && !result.tlsErrors.isEmpty())
        text = tr("The server's certificate is not trusted (%1). Choose the CA file that signed it in the "
                  "login dialog, or start the console with --ca FILE.")
                   .arg(result.tlsErrors.join(QStringLiteral("; ")));
    else if (code == QLatin1String(errc::kTlsError))
        text = tr("The secure connection to the server failed: %1").arg(result.errorMessage());
    else if (code == QLatin1String(errc::kTimeout))
        text = tr("The server did not answer in time.");
    else if (code == QLatin1String(errc::kInvalidResponse))
        text = tr("The server sent an answer this console does not understand.");
    else if (code == QLatin1String(errc::kCanceled))
        text = tr("The request was canceled.");
    else if (code == QLatin1String(errc::kFileError))
        text = tr("The file could not be written.");
    else if (isDeviceTimeout(result))
        text = tr("The device did not answer in time. The change is saved and will reach the device when "
                  "it reconnects.");
    else if (result.httpStatus == 401)
        text = tr("Your login has expired or is not valid. Please log in again.");
    else if (result.httpStatus == 403)
        text = tr("Permission denied: your role does not allow this action.");
    else if (result.httpStatus == 404)
        text = tr("Not found: it does not exist or you may not see it.");
    else if (result.httpStatus == 409)
        text = tr("Conflict: it already exists or was changed by someone else.");
    else if (result.httpStatus == 413)
        text = tr("The request is too large.");
    else if (result.httpStatus == 429)
        text = tr("Too many attempts. Wait a minute and try again.");
    else if (result.httpStatus == 503)
        text = tr("A server backend is down. Try again later.");
    else if (result.httpStatus == 400)
        text = tr("The server rejected the input.");
    else
        text = tr("The request failed.");

    // The server's own words help support staff; show them with the status, when there are any.
    QString detail;
    if (result.httpStatus > 0)
        detail = code.isEmpty() ? QString::number(result.httpStatus)
                                : QStringLiteral("%1 %2").arg(result.httpStatus).arg(code);
    if (!result.errorMessage().isEmpty() && result.httpStatus > 0)
        detail = detail.isEmpty() ? result.errorMessage()
                                  : QStringLiteral("%1: %2").arg(detail, result.errorMessage());
    return detail.isEmpty() ? text : QStringLiteral("%1 (%2)").arg(text, detail);
}

} // namespace spk::console
