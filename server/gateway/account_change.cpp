#include "server/gateway/account_change.h"

#include "server/gateway/authenticator.h"
#include "server/gateway/gateway_services.h"
#include "server/gateway/live_hub.h"
#include "server/gateway/replica_sync.h"

namespace spk::server {

void accountChanged(GatewayServices &s, qint64 userId, qint64 epoch, const QString &why)
{
    s.authn.userChanged(userId, epoch);
    s.live.dropUser(userId, why);
    s.replicas.userChanged(userId, why);
}

} // namespace spk::server
