#pragma once
// libsodium must be initialised once per process before use; this does it lazily and thread-safely.
// The one initialisation of the project: the media AEAD, the firmware core, spkd's auth and start-up.

namespace spk::media {

// True when libsodium is usable. Cheap after the first call.
bool ensureSodium();

// For code that must not go on without it (handing out secrets without usable randomness would make
// them predictable): aborts the process when libsodium cannot initialise.
void requireSodium();

} // namespace spk::media
