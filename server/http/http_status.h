#pragma once
// The reason phrase of an HTTP status code for the status line ("Not Found"); "Unknown" for others.
#include <QByteArray>

namespace spk::server {

QByteArray httpReasonPhrase(int status);

} // namespace spk::server
