// JWT issuing and verification: signature, algorithm (alg=none!), issuer, expiry, revocation, garbage.
// Tokens are also crafted by hand (Qt's HMAC), independently of cpp-jwt, to check what is accepted.
#include "server/auth/token_service.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QtTest>

using namespace spk::server::auth;

namespace {

const QByteArray kKey = "0123456789abcdef0123456789abcdef-test-key";

QByteArray b64(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray hmac(const QByteArray &data, const QByteArray &key, QCryptographicHash::Algorithm algo)
{
    return QMessageAuthenticationCode::hash(data, key, algo);
}

// header.payload.signature with the given header and payload; signature HS256 over key unless sign=false.
QString craft(const QJsonObject &header, const QJsonObject &payload, const QByteArray &key = kKey,
              QCryptographicHash::Algorithm algo = QCryptographicHash::Sha256, bool sign = true)
{
    const QByteArray input = b64(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.' +
                             b64(QJsonDocument(payload).toJson(QJsonDocument::Compact));
    return QString::fromLatin1(input + '.' + (sign ? b64(hmac(input, key, algo)) : QByteArray()));
}

QJsonObject validPayload(qint64 exp = QDateTime::currentSecsSinceEpoch() + 3600)
{
    return QJsonObject{{"sub", "7"},     {"name", "alice"}, {"role", "admin"},
                       {"jti", "j-123"}, {"iss", "spk"},    {"iat", QDateTime::currentSecsSinceEpoch()},
                       {"exp", exp}};
}

const QJsonObject kHs256{{"alg", "HS256"}, {"typ", "JWT"}};

} // namespace

class TestTokenService : public QObject
{
    Q_OBJECT
private slots:
    void issueAndVerify()
    {
        TokenService service(kKey, 3600);
        const QDateTime before = QDateTime::currentDateTimeUtc();
        const IssuedToken t = service.issue(42, QStringLiteral("bob"), QStringLiteral("operator"));
        QVERIFY(!t.token.isEmpty());
        QVERIFY(!t.jti.isEmpty());
        QVERIFY(qAbs(before.secsTo(t.expiresAt) - 3600) <= 1);

        QString error;
        const auto claims = service.verify(t.token, &error);
        QVERIFY2(claims.has_value(), qPrintable(error));
        QCOMPARE(claims->userId, 42);
        QCOMPARE(claims->username, QStringLiteral("bob"));
        QCOMPARE(claims->role, QStringLiteral("operator"));
        QCOMPARE(claims->jti, t.jti);
        QCOMPARE(claims->expiresAt.toSecsSinceEpoch(), t.expiresAt.toSecsSinceEpoch());
    }

    void claimsOnTheWire()
    {
        TokenService service(kKey, 600);
        const IssuedToken t = service.issue(5, QStringLiteral("carol"), QStringLiteral("user"));
        const QStringList parts = t.token.split(QLatin1Char('.'));
        QCOMPARE(parts.size(), 3);
        const auto header = QJsonDocument::fromJson(
                                QByteArray::fromBase64(parts[0].toLatin1(), QByteArray::Base64UrlEncoding))
                                .object();
        const auto payload = QJsonDocument::fromJson(
                                 QByteArray::fromBase64(parts[1].toLatin1(), QByteArray::Base64UrlEncoding))
                                 .object();
        QCOMPARE(header.value("alg").toString(), QStringLiteral("HS256"));
        QCOMPARE(payload.value("sub").toString(), QStringLiteral("5"));
        QCOMPARE(payload.value("name").toString(), QStringLiteral("carol"));
        QCOMPARE(payload.value("role").toString(), QStringLiteral("user"));
        QCOMPARE(payload.value("iss").toString(), QStringLiteral("spk"));
        QCOMPARE(payload.value("jti").toString(), t.jti);
        QCOMPARE(payload.value("exp").toInteger() - payload.value("iat").toInteger(), 600);
        // The signature is plain HS256 over header.payload with our key.
        const QByteArray input = parts[0].toLatin1() + '.' + parts[1].toLatin1();
        QCOMPARE(parts[2].toLatin1(), b64(hmac(input, kKey, QCryptographicHash::Sha256)));
    }

    void jtisAreUnique()
    {
        TokenService service(kKey, 60);
        QSet<QString> jtis;
        for (int i = 0; i < 100; ++i)
            jtis.insert(service.issue(1, QStringLiteral("a"), QStringLiteral("user")).jti);
        QCOMPARE(jtis.size(), 100);
    }

    void handCraftedValidTokenAccepted()
    {
        // Guards the negative tests below: the crafting itself produces tokens the service accepts.
        TokenService service(kKey, 60);
        QString error;
        const auto claims = service.verify(craft(kHs256, validPayload()), &error);
        QVERIFY2(claims.has_value(), qPrintable(error));
        QCOMPARE(claims->userId, 7);
    }

    void rejected_data()
    {
        QTest::addColumn<QString>("token");
        const QString good = craft(kHs256, validPayload());
        const QStringList parts = good.split(QLatin1Char('.'));

        QTest::newRow("alg none, empty signature") << craft({{"alg", "none"}, {"typ", "JWT"}}, validPayload(),
                                                            kKey, QCryptographicHash::Sha256, false);
        QTest::newRow("alg None") << craft({{"alg", "None"}}, validPayload(), kKey,
                                           QCryptographicHash::Sha256, false);
        QTest::newRow("alg none, old signature kept")
            << QString::fromLatin1(b64(R"({"alg":"none","typ":"JWT"})")) + QLatin1Char('.') + parts[1] +
                   QLatin1Char('.') + parts[2];
        QTest::newRow("alg HS512 with our key")
            << craft({{"alg", "HS512"}, {"typ", "JWT"}}, validPayload(), kKey, QCryptographicHash::Sha512);
        QTest::newRow("alg RS256 label") << craft({{"alg", "RS256"}}, validPayload());
        QTest::newRow("no alg") << craft({{"typ", "JWT"}}, validPayload());
        QTest::newRow("other key") << craft(kHs256, validPayload(), "another-key-another-key-another-key!!");
        QString tamperedSig = parts[2];
        tamperedSig[0] = tamperedSig[0] == QLatin1Char('A') ? QLatin1Char('B') : QLatin1Char('A');
        QTest::newRow("tampered signature")
            << parts[0] + QLatin1Char('.') + parts[1] + QLatin1Char('.') + tamperedSig;
        QJsonObject escalated = validPayload();
        escalated["role"] = "admin2";
        QTest::newRow("tampered payload")
            << parts[0] + QLatin1Char('.') +
                   QString::fromLatin1(b64(QJsonDocument(escalated).toJson(QJsonDocument::Compact))) +
                   QLatin1Char('.') + parts[2];
        QTest::newRow("signature dropped") << parts[0] + QLatin1Char('.') + parts[1] + QLatin1Char('.');
        QTest::newRow("two parts") << parts[0] + QLatin1Char('.') + parts[1];
        QTest::newRow("four parts") << good + QStringLiteral(".x");

        QJsonObject p = validPayload();
        p["iss"] = "other";
        QTest::newRow("wrong issuer") << craft(kHs256, p);
        p = validPayload();
        p.remove("iss");
        QTest::newRow("no issuer") << craft(kHs256, p);
        p = validPayload();
        p.remove("exp");
        QTest::newRow("no exp") << craft(kHs256, p);
        p = validPayload();
        p["exp"] = "tomorrow";
        QTest::newRow("exp is a string") << craft(kHs256, p);
        p = validPayload();
        p["sub"] = 7;
        QTest::newRow("sub is a number") << craft(kHs256, p);
        p = validPayload();
        p["sub"] = "seven";
        QTest::newRow("sub not an id") << craft(kHs256, p);
        p = validPayload();
        p.remove("jti");
        QTest::newRow("no jti") << craft(kHs256, p);
        p = validPayload();
        p.remove("role");
        QTest::newRow("no role") << craft(kHs256, p);

        QTest::newRow("empty") << QString();
        QTest::newRow("dots") << QStringLiteral("..");
        QTest::newRow("words") << QStringLiteral("hello world");
        QTest::newRow("bad base64") << QStringLiteral("!!!.???.***");
        QTest::newRow("header not json") << QString::fromLatin1(b64("nope") + '.' + b64("{}") + ".sig");
        QTest::newRow("header is array") << QString::fromLatin1(b64("[1,2]") + '.' + b64("{}") + ".sig");
        QTest::newRow("payload not json")
            << QString::fromLatin1(b64(R"({"alg":"HS256"})") + '.' + b64("{{{") + ".sig");
        QTest::newRow("huge") << QString(100000, QLatin1Char('a')) + QStringLiteral(".b.c");
        QTest::newRow("bearer prefix") << QStringLiteral("Bearer ") + good;
    }
    void rejected()
    {
        QFETCH(QString, token);
        TokenService service(kKey, 3600);
        QString error;
        QVERIFY(!service.verify(token, &error).has_value());
        QCOMPARE(error, QStringLiteral("invalid_token"));
    }

    void expiredAfterTtl()
    {
        TokenService service(kKey, 60);
        QDateTime now = QDateTime::currentDateTimeUtc();
        service.setClock([&now] { return now; });
        const IssuedToken t = service.issue(1, QStringLiteral("a"), QStringLiteral("user"));
        QString error;
        now = now.addSecs(59);
        QVERIFY(service.verify(t.token, &error).has_value());
        now = now.addSecs(1);
        QVERIFY(!service.verify(t.token, &error).has_value());
        QCOMPARE(error, QStringLiteral("token_expired"));
    }

    void issuedInThePastIsExpiredNow()
    {
        TokenService issuer(kKey, 3600);
        issuer.setClock([] { return QDateTime::currentDateTimeUtc().addDays(-1); });
        const IssuedToken t = issuer.issue(1, QStringLiteral("a"), QStringLiteral("user"));
        TokenService verifier(kKey, 3600); // real clock
        QString error;
        QVERIFY(!verifier.verify(t.token, &error).has_value());
        QCOMPARE(error, QStringLiteral("token_expired"));
    }

    void forgedExpiredTokenIsInvalidNotExpired()
    {
        // An expired token with a bad signature says nothing about expiry: it is simply invalid.
        TokenService service(kKey, 3600);
        QString error;
        const QString forged = craft(kHs256, validPayload(QDateTime::currentSecsSinceEpoch() - 10),
                                     "wrong-key-wrong-key-wrong-key-wrong!");
        QVERIFY(!service.verify(forged, &error).has_value());
        QCOMPARE(error, QStringLiteral("invalid_token"));
        const QString genuine = craft(kHs256, validPayload(QDateTime::currentSecsSinceEpoch() - 10));
        QVERIFY(!service.verify(genuine, &error).has_value());
        QCOMPARE(error, QStringLiteral("token_expired"));
    }

    void revoked()
    {
        TokenService service(kKey, 3600);
        const IssuedToken a = service.issue(1, QStringLiteral("a"), QStringLiteral("user"));
        const IssuedToken b = service.issue(1, QStringLiteral("a"), QStringLiteral("user"));
        service.revoke(a.jti);
        QString error;
        QVERIFY(!service.verify(a.token, &error).has_value());
        QCOMPARE(error, QStringLiteral("token_revoked"));
        QVERIFY(service.verify(b.token, &error).has_value()); // only that token

        TokenService restarted(kKey, 3600);
        QVERIFY(restarted.verify(a.token, &error).has_value());
        restarted.loadRevoked({b.jti, a.jti});
        QVERIFY(!restarted.verify(a.token, &error).has_value());
        QCOMPARE(error, QStringLiteral("token_revoked"));
        QVERIFY(!restarted.verify(b.token, &error).has_value());
    }

    void otherServiceKeyRejects()
    {
        TokenService a(kKey, 3600);
        TokenService b(QByteArray(40, 'z'), 3600);
        QString error;
        QVERIFY(!b.verify(a.issue(1, QStringLiteral("a"), QStringLiteral("user")).token, &error).has_value());
        QCOMPARE(error, QStringLiteral("invalid_token"));
    }

    void shortKeyIsUnusable()
    {
        TokenService service("short", 3600);
        QVERIFY(!service.isUsable());
        QVERIFY(service.issue(1, QStringLiteral("a"), QStringLiteral("user")).token.isEmpty());
        QString error;
        QVERIFY(!service.verify(craft(kHs256, validPayload(), "short"), &error).has_value());
        QCOMPARE(error, QStringLiteral("invalid_token"));
    }

    void nullErrorPointerIsFine()
    {
        TokenService service(kKey, 3600);
        QVERIFY(!service.verify(QStringLiteral("garbage"), nullptr).has_value());
    }
};

QTEST_GUILESS_MAIN(TestTokenService)
#include "tst_token_service.moc"
