#pragma once
// The command groups of spkctl. Each takes the arguments after its own name and returns an exit code.
#include <QString>
#include <QStringList>

namespace spk::cli {

class Context;

int runLogin(Context &ctx, const QStringList &args);
int runLogout(Context &ctx, const QStringList &args);
int runWhoami(Context &ctx, const QStringList &args);
int runDevices(Context &ctx, const QStringList &args);
int runConfig(Context &ctx, const QStringList &args);
int runReboot(Context &ctx, const QStringList &args);
int runWatch(Context &ctx, const QStringList &args);
int runUsers(Context &ctx, const QStringList &args);
int runPasswd(Context &ctx, const QStringList &args);
int runAudit(Context &ctx, const QStringList &args);
int runSessions(Context &ctx, const QStringList &args);

} // namespace spk::cli
