#include "shared/media/sodium_init.h"

#include <sodium.h>

namespace spk::media {

bool ensureSodium()
{
    // sodium_init() returns 0 on first success, 1 if already initialised, -1 on failure.
    static const bool ok = sodium_init() >= 0;
    return ok;
}

} // namespace spk::media
