#pragma once
#include <QLoggingCategory>

namespace spk::client {
Q_DECLARE_LOGGING_CATEGORY(lcClient) // "spk.client"
Q_DECLARE_LOGGING_CATEGORY(lcLive)   // "spk.client.live"
} // namespace spk::client
