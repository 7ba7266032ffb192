#include "server/auth/token_service.h"

#include "server/core/logging.h"
#include "shared/media/sodium_init.h"

#include <jwt/jwt.hpp>
#include <limits>
#include <sodium.h>

namespace spk::server::auth {

namespace {

constexpr char kIssuer[] = "spk";
constexpr char kAlgorithm[] = "HS256";
constexpr int kMinKeyBytes = 32;
constexpr int kMaxTokenChars = 8192; // far above a real token; bounds the work spent on garbage

QString randomJti()
{
    media::requireSodium();
    QByteArray raw(16, '\0');
    randombytes_buf(raw.data(), static_cast<size_t>(raw.size()));
    return QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

std::optional<QString> stringClaim(const nlohmann::json &payload, const char *name)
{
    const auto it = payload.find(name);
    if (it == payload.end() || !it->is_string())
        return std::nullopt;
    return QString::fromStdString(it->get<std::string>());
}

std::optional<qint64> integerClaim(const nlohmann::json &payload, const char *name)
{
    const auto it = payload.find(name);
    if (it == payload.end() || !it->is_number_integer())
        return std::nullopt;
    return it->get<qint64>();
}

} // namespace

TokenService::TokenService(QByteArray key, int ttlSeconds)
    : key_(std::move(key)), ttlSeconds_(ttlSeconds), clock_([] { return QDateTime::currentDateTimeUtc(); })
{
    if (!isUsable())
        qCCritical(lcAuth) << "JWT key has" << key_.size() << "bytes; at least" << kMinKeyBytes
                           << "are required - no token will be issued or accepted";
}

bool TokenService::isUsable() const
{
    return key_.size() >= kMinKeyBytes;
}

void TokenService::setClock(std::function<QDateTime()> clock)
{
    clock_ = std::move(clock);
}

IssuedToken TokenService::issue(qint64 userId, const QString &username, const QString &role,
                                qint64 epoch) const
{
    if (!isUsable())
        return {};
    const QDateTime now = clock_();
    const QDateTime expiresAt = now.addSecs(ttlSeconds_);
    const QString jti = randomJti();
    try {
        jwt::jwt_object obj{
            jwt::params::algorithm(kAlgorithm),
            jwt::params::secret(jwt::string_view(key_.constData(), static_cast<size_t>(key_.size())))};
        obj.add_claim("sub", std::to_string(userId))
            .add_claim("name", username.toStdString())
            .add_claim("role", role.toStdString())
            .add_claim("epoch", epoch)
            .add_claim("jti", jti.toStdString())
            .add_claim("iss", std::string(kIssuer))
            .add_claim("iat", static_cast<qint64>(now.toSecsSinceEpoch()))
            .add_claim("exp", static_cast<qint64>(expiresAt.toSecsSinceEpoch()));
        std::error_code ec;
        const std::string token = obj.signature(ec);
        if (ec) {
            qCCritical(lcAuth) << "JWT signing failed:" << QString::fromStdString(ec.message());
            return {};
        }
        return IssuedToken{QString::fromStdString(token), expiresAt, jti};
    } catch (const std::exception &e) {
        qCCritical(lcAuth) << "JWT signing failed:" << e.what();
        return {};
    }
}

std::optional<TokenClaims> TokenService::verify(const QString &token, QString *error) const
{
    auto reject = [error](const char *code) -> std::optional<TokenClaims> {
        if (error)
            *error = QString::fromLatin1(code);
        return std::nullopt;
    };
    if (!isUsable() || token.isEmpty() || token.size() > kMaxTokenChars)
        return reject("invalid_token");

    nlohmann::json payload;
    try {
        // cpp-jwt checks expiry before the signature, so a forged token could report "expired". The maximal
        // leeway switches its expiry check off; ours below runs only after the signature, algorithm (HS256
        // only: "none" and every other alg fail) and issuer checks have passed.
        const std::string encoded = token.toStdString();
        std::error_code ec;
        const auto obj = jwt::decode(
            jwt::string_view(encoded), jwt::params::algorithms({kAlgorithm}), ec,
            jwt::params::secret(jwt::string_view(key_.constData(), static_cast<size_t>(key_.size()))),
            jwt::params::issuer(kIssuer), jwt::params::leeway(std::numeric_limits<uint32_t>::max()));
        if (ec)
            return reject("invalid_token");
        payload = obj.payload().create_json_obj();
    } catch (...) { // cpp-jwt and its JSON parser throw on malformed input: never let that escape
        return reject("invalid_token");
    }

    const auto sub = stringClaim(payload, "sub");
    const auto name = stringClaim(payload, "name");
    const auto role = stringClaim(payload, "role");
    const auto jti = stringClaim(payload, "jti");
    const auto exp = integerClaim(payload, "exp");
    const auto epoch = payload.contains("epoch") ? integerClaim(payload, "epoch") : std::optional<qint64>(0);
    bool idOk = false;
    const qint64 userId = sub ? sub->toLongLong(&idOk) : 0;
    if (!idOk || userId <= 0 || !name || !role || !jti || jti->isEmpty() || !exp || !epoch)
        return reject("invalid_token");

    if (clock_().toSecsSinceEpoch() >= *exp)
        return reject("token_expired");
    if (revoked_.contains(*jti))
        return reject("token_revoked");
    return TokenClaims{userId, *name, *role, *jti, QDateTime::fromSecsSinceEpoch(*exp, Qt::UTC), *epoch};
}

void TokenService::revoke(const QString &jti)
{
    if (!jti.isEmpty())
        revoked_.insert(jti);
}

void TokenService::loadRevoked(const QStringList &jtis)
{
    for (const QString &jti : jtis)
        revoke(jti);
}

} // namespace spk::server::auth
