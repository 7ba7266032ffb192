#include "server/auth/passwords.h"

#include "server/auth/device_secret_digest.h"

#include "server/core/logging.h"
#include "shared/media/sodium_init.h"

#include <QByteArray>
#include <sodium.h>

namespace spk::server::auth {

namespace {
constexpr size_t kSecretBytes = 32;
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
    return QString::fromStdString(deviceSecretDigest(secret.toStdString()));
}

bool verifyDeviceSecret(const QString &hash, const QString &secret)
{
    media::requireSodium();
    return deviceSecretMatches(hash.toStdString(), secret.toStdString());
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
