#pragma once
// JWT (HS256, cpp-jwt) issuing and verification, with logout revocation by jti.
#include <QByteArray>
#include <QDateTime>
#include <QSet>
#include <QString>
#include <functional>
#include <optional>

namespace spk::server::auth {

struct TokenClaims
{
    qint64 userId = 0;
    QString username;
    QString role;
    QString jti;
    QDateTime expiresAt;
};

struct IssuedToken
{
    QString token;
    QDateTime expiresAt;
    QString jti;
};

class TokenService
{
public:
    // key: at least 32 bytes. ttlSeconds: lifetime of issued tokens.
    TokenService(QByteArray key, int ttlSeconds);

    IssuedToken issue(qint64 userId, const QString &username, const QString &role) const;
    // Checks signature, algorithm, issuer, expiry and revocation. On failure returns nullopt and sets
    // *error to "token_expired", "token_revoked" or "invalid_token".
    std::optional<TokenClaims> verify(const QString &token, QString *error) const;

    // Revocation list kept in memory; the caller persists it (RevokedTokenStore) and reloads at start.
    void revoke(const QString &jti);
    void loadRevoked(const QStringList &jtis);

private:
    QByteArray key_;
    int ttlSeconds_;
    QSet<QString> revoked_;
};

} // namespace spk::server::auth
