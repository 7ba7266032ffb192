#pragma once
// libsodium must be initialised once before use; every auth function calls this first.
namespace spk::server::auth {

// Idempotent and thread-safe. Aborts the process if libsodium cannot initialise (no usable randomness):
// continuing would hand out predictable secrets.
void ensureSodium();

} // namespace spk::server::auth
