#pragma once
// One place that turns a failed API call into a sentence for people, in the UI language.
#include "shared/client/api_result.h"

#include <QCoreApplication>
#include <QString>

namespace spk::console {

class ErrorText
{
    Q_DECLARE_TR_FUNCTIONS(ErrorText)
public:
    // e.g. "The device did not answer in time (504 device_timeout)."
    static QString describe(const spk::client::ApiResult &result);
    // True when the call failed because the device did not acknowledge (protocol.md §1: 504 device_timeout).
    static bool isDeviceTimeout(const spk::client::ApiResult &result);
    static bool isPermissionDenied(const spk::client::ApiResult &result) { return result.httpStatus == 403; }
};

} // namespace spk::console
