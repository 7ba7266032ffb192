#pragma once
// What follows a change to an account (deleted, new role, new password) once it is stored: the user's
// tokens stop working on every replica (TokenEpochs), their live /ws connections close here, and the
// other gateway replicas are told so that theirs close too.
#include <QString>

namespace spk::server {
struct GatewayServices;

// epoch: the user's new token epoch, or TokenEpochs::kGone when the user was removed.
void accountChanged(GatewayServices &s, qint64 userId, qint64 epoch, const QString &why);

} // namespace spk::server
