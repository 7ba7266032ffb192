#include "shared/media/sodium_init.h"

#include <sodium.h>

#include <cstdio>
#include <cstdlib>

namespace spk::media {

bool ensureSodium()
{
    // sodium_init() returns 0 on first success, 1 if already initialised, -1 on failure. A function-local
    // static is initialised exactly once, even with concurrent callers.
    static const bool ok = sodium_init() >= 0;
    return ok;
}

void requireSodium()
{
    if (ensureSodium())
        return;
    std::fputs("libsodium failed to initialise\n", stderr);
    std::abort();
}

} // namespace spk::media
