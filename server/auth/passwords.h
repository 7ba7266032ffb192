#pragma once
// Password and device-secret hashing (libsodium).
#include <QString>

namespace spk::server::auth {

// argon2id (crypto_pwhash_str, interactive limits). Slow on purpose: call off the GUI/event thread when
// latency matters.
QString hashPassword(const QString &password);
bool verifyPassword(const QString &hash, const QString &password);

// Device secrets are 32 random bytes (high entropy), so a keyed BLAKE2b digest is enough and keeps
// device authentication fast: "b2$" + hex(crypto_generichash(secret)).
QString newDeviceSecret(); // base64url of 32 random bytes
QString hashDeviceSecret(const QString &secret);
bool verifyDeviceSecret(const QString &hash, const QString &secret); // constant time

// Password policy: 8–128 characters. Returns an error message, empty when acceptable.
QString checkPasswordPolicy(const QString &password);

} // namespace spk::server::auth
