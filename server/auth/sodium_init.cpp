#include "server/auth/sodium_init.h"

#include <QtGlobal>
#include <sodium.h>

namespace spk::server::auth {

void ensureSodium()
{
    // A function-local static is initialised exactly once, even with concurrent callers.
    static const bool ready = sodium_init() >= 0;
    if (!ready)
        qFatal("libsodium failed to initialise");
}

} // namespace spk::server::auth
