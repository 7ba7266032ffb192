#pragma once
// Each simulated speaker holds one socket; make sure the process may open enough of them.
#include <QString>

namespace spk::sim {

// Raises the soft RLIMIT_NOFILE to the hard limit. Returns false (with *error saying what to do) when
// `sockets` plus a margin for the process's own files would still not fit.
bool ensureOpenFileLimit(int sockets, QString *error);

} // namespace spk::sim
