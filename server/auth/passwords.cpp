#include "server/auth/passwords.h"

#include "server/core/logging.h"
#include "shared/media/sodium_init.h"

#include <QByteArray>
#include <sodium.h>

namespace spk::server::auth {

namespace {

constexpr char kDeviceHashPrefix[] = "b2$";
constexpr size_t kSecretBytes = 32;
constexpr size_t kDigestBytes = crypto_generichash_BYTES; // 32: BLAKE2b-256

// Fixed application key for the device-secret digest: the same secret hashed by another application that
// uses plain BLAKE2b never matches ours.
const unsigned char kDeviceContext[] = "spk/device-secret/v1 BLAKE2b key";
static_assert(sizeof(kDeviceContext) - 1 >= crypto_generichash_KEYBYTES_MIN, "BLAKE2b key too short");

QByteArray deviceDigest(const QString &secret)
{
    const QByteArray in = secret.toUtf8();
    QByteArray digest(static_cast<int>(kDigestBytes), '\0');
    crypto_generichash(reinterpret_cast<unsigned char *>(digest.data()), kDigestBytes,
                       reinterpret_cast<const unsigned char *>(in.constData()),
                       static_cast<size_t>(in.size()), kDeviceContext, sizeof(kDeviceContext) - 1);
    return digest;
}

} // namespace

QString hashPassword(const QString &password)
{
    media::requireSodium();
    const QByteArray in = password.toUtf8();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, in.constData(), static_cast<unsigned long long>(in.size()),
                          crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        qCCritical(lcAuth) << "argon2id hashing failed (out of memory?)";
        return {};
    }
    return QString::fromLatin1(out);
}

bool verifyPassword(const QString &hash, const QString &password)
{
    media::requireSodium();
    const QByteArray stored = hash.toLatin1();
    // crypto_pwhash_str_verify reads a NUL-terminated string of at most STRBYTES - 1 characters.
    if (stored.isEmpty() || stored.size() >= static_cast<int>(crypto_pwhash_STRBYTES) ||
        stored.contains('\0'))
        return false;
    const QByteArray in = password.toUtf8();
    return crypto_pwhash_str_verify(stored.constData(), in.constData(),
                                    static_cast<unsigned long long>(in.size())) == 0;
}

QString newDeviceSecret()
{
    media::requireSodium();
    QByteArray raw(static_cast<int>(kSecretBytes), '\0');
    randombytes_buf(raw.data(), kSecretBytes);
    return QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString hashDeviceSecret(const QString &secret)
{
    media::requireSodium();
    return QLatin1String(kDeviceHashPrefix) + QString::fromLatin1(deviceDigest(secret).toHex());
}

bool verifyDeviceSecret(const QString &hash, const QString &secret)
{
    media::requireSodium();
    if (secret.isEmpty() || !hash.startsWith(QLatin1String(kDeviceHashPrefix)))
        return false;
    const QString hex = hash.mid(int(sizeof(kDeviceHashPrefix) - 1));
    if (hex.size() != int(kDigestBytes * 2))
        return false;
    const QByteArray expected = QByteArray::fromHex(hex.toLatin1());
    if (expected.size() != int(kDigestBytes) || expected.toHex() != hex.toLatin1().toLower())
        return false; // not valid hex
    const QByteArray actual = deviceDigest(secret);
    return sodium_memcmp(expected.constData(), actual.constData(), kDigestBytes) == 0;
}

QString checkPasswordPolicy(const QString &password)
{
    // Count characters (code points), not UTF-16 units or bytes.
    const auto length = password.toUcs4().size();
    if (length < 8)
        return QStringLiteral("password must be at least 8 characters");
    if (length > 128)
        return QStringLiteral("password must be at most 128 characters");
    return {};
}

} // namespace spk::server::auth
