#pragma once
// spkctl's process exit codes (documented in docs/spkctl.md; scripts rely on them).

namespace spk::cli {

enum ExitCode : int {
    ExitOk = 0,
    ExitError = 1,         // the server refused the request (400, 404, 409, 429, 5xx) or a local failure
    ExitUsage = 2,         // bad command line: unknown command/option, missing or invalid argument
    ExitAuth = 3,          // not logged in, wrong credentials, or token expired/revoked (HTTP 401)
    ExitForbidden = 4,     // logged in, but the role does not allow it (HTTP 403)
    ExitUnreachable = 5,   // no answer: connection refused, DNS, TLS, or client timeout
    ExitDeviceTimeout = 6, // the device did not acknowledge in time (504 device_timeout); config is kept
};

} // namespace spk::cli
