#pragma once
// spkd's subcommands: serve, migrate, user add, config.
#include <QStringList>

namespace spk::server {

int runSpkd(const QStringList &args);

} // namespace spk::server
