#pragma once
// JWT (HS256, cpp-jwt) issuing and verification, with logout revocation by jti.
#include <QByteArray>
#include <QDateTime>
#include <QSet>
#include <QString>
#include <QStringList>
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
    qint64 epoch = 0; // the user's token epoch at issue (claim "epoch"; absent in older tokens = 0)
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
    // key: at least 32 bytes (a shorter key makes the service unusable: issue() returns an empty token and
    // verify() rejects everything). ttlSeconds: lifetime of issued tokens.
    TokenService(QByteArray key, int ttlSeconds);
    bool isUsable() const;

    // Claims: sub (user id as a decimal string), name, role, epoch (the user's token epoch), jti (random),
    // iat, exp, iss "spk".
    IssuedToken issue(qint64 userId, const QString &username, const QString &role, qint64 epoch = 0) const;
    // Checks signature, algorithm, issuer, expiry and revocation. On failure returns nullopt and sets
    // *error to "token_expired", "token_revoked" or "invalid_token".
    std::optional<TokenClaims> verify(const QString &token, QString *error) const;

    // Revocation list kept in memory; the caller persists it (RevokedTokenStore) and reloads at start.
    void revoke(const QString &jti);
    void loadRevoked(const QStringList &jtis);

    // The time source for iat/exp and the expiry check (tests move it forward). Default: current UTC time.
    void setClock(std::function<QDateTime()> clock);

private:
    QByteArray key_;
    int ttlSeconds_;
    QSet<QString> revoked_;
    std::function<QDateTime()> clock_;
};

} // namespace spk::server::auth
