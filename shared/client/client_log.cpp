#include "shared/client/client_log.h"

namespace spk::client {
Q_LOGGING_CATEGORY(lcClient, "spk.client")
Q_LOGGING_CATEGORY(lcLive, "spk.client.live")
} // namespace spk::client
