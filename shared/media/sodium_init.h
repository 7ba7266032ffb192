#pragma once
// libsodium must be initialised once per process before use; this does it lazily and thread-safely.

namespace spk::media {

// True when libsodium is usable. Cheap after the first call.
bool ensureSodium();

} // namespace spk::media
