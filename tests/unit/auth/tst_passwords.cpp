// Password hashing (argon2id), device secrets (keyed BLAKE2b) and the password policy.
#include "server/auth/passwords.h"

#include <QSet>
#include <QtTest>

using namespace spk::server::auth;

class TestPasswords : public QObject
{
    Q_OBJECT
private slots:
    void hashIsArgon2idAndVerifies()
    {
        const QString hash = hashPassword(QStringLiteral("correct horse"));
        QVERIFY2(hash.startsWith(QStringLiteral("$argon2id$")), qPrintable(hash));
        QVERIFY(verifyPassword(hash, QStringLiteral("correct horse")));
    }

    void wrongPasswordFails()
    {
        const QString hash = hashPassword(QStringLiteral("correct horse"));
        QVERIFY(!verifyPassword(hash, QStringLiteral("correct hors")));
        QVERIFY(!verifyPassword(hash, QStringLiteral("Correct horse")));
        QVERIFY(!verifyPassword(hash, QString()));
    }

    void sameInputHashesDifferently()
    {
        // Random salt: equal passwords must not give equal hashes.
        QVERIFY(hashPassword(QStringLiteral("password1")) != hashPassword(QStringLiteral("password1")));
    }

    void unicodePassword()
    {
        const QString pw = QStringLiteral("пароль-密码-🔑");
        const QString hash = hashPassword(pw);
        QVERIFY(verifyPassword(hash, pw));
        QVERIFY(!verifyPassword(hash, QStringLiteral("пароль-密码-")));
    }

    void garbageHashNeverVerifies_data()
    {
        QTest::addColumn<QString>("hash");
        QTest::newRow("empty") << QString();
        QTest::newRow("text") << QStringLiteral("not a hash");
        QTest::newRow("truncated") << hashPassword(QStringLiteral("password1")).left(40);
        QTest::newRow("device hash") << hashDeviceSecret(QStringLiteral("password1"));
        QTest::newRow("very long") << QString(5000, QLatin1Char('$'));
        QTest::newRow("nul inside") << QStringLiteral("$argon2id$") + QChar(0) + QStringLiteral("x");
    }
    void garbageHashNeverVerifies()
    {
        QFETCH(QString, hash);
        QVERIFY(!verifyPassword(hash, QStringLiteral("password1")));
    }

    void deviceSecretsAreRandomBase64Url()
    {
        QSet<QString> seen;
        for (int i = 0; i < 50; ++i) {
            const QString s = newDeviceSecret();
            QCOMPARE(s.size(), 43); // 32 bytes, base64url without padding
            QVERIFY2(QRegularExpression(QStringLiteral("^[A-Za-z0-9_-]{43}$")).match(s).hasMatch(),
                     qPrintable(s));
            QCOMPARE(QByteArray::fromBase64(s.toLatin1(), QByteArray::Base64UrlEncoding).size(), 32);
            seen.insert(s);
        }
        QCOMPARE(seen.size(), 50);
    }

    void deviceSecretHashVerifies()
    {
        const QString secret = newDeviceSecret();
        const QString hash = hashDeviceSecret(secret);
        QVERIFY2(QRegularExpression(QStringLiteral("^b2\\$[0-9a-f]{64}$")).match(hash).hasMatch(),
                 qPrintable(hash));
        QCOMPARE(hashDeviceSecret(secret), hash); // deterministic: looked up per connection
        QVERIFY(verifyDeviceSecret(hash, secret));
        QVERIFY(!verifyDeviceSecret(hash, newDeviceSecret()));
        QVERIFY(!verifyDeviceSecret(hash, secret.left(42)));
        QVERIFY(!verifyDeviceSecret(hash, QString()));
    }

    void deviceHashIsKeyed()
    {
        // Keyed with spk's context: differs from plain unkeyed BLAKE2b-256 of the same input ("abc").
        const QString plainBlake2b256 =
            QStringLiteral("b2$bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
        QVERIFY(hashDeviceSecret(QStringLiteral("abc")) != plainBlake2b256);
        QVERIFY(!verifyDeviceSecret(plainBlake2b256, QStringLiteral("abc")));
    }

    void malformedDeviceHashRejected_data()
    {
        const QString good = hashDeviceSecret(QStringLiteral("s3cret"));
        QTest::addColumn<QString>("hash");
        QTest::newRow("empty") << QString();
        QTest::newRow("no prefix") << good.mid(3);
        QTest::newRow("short") << good.left(good.size() - 2);
        QTest::newRow("long") << good + QStringLiteral("00");
        QTest::newRow("not hex") << good.left(good.size() - 1) + QLatin1Char('z');
        QTest::newRow("argon") << hashPassword(QStringLiteral("s3cret"));
    }
    void malformedDeviceHashRejected()
    {
        QFETCH(QString, hash);
        QVERIFY(!verifyDeviceSecret(hash, QStringLiteral("s3cret")));
    }

    void uppercaseHexStillMatches()
    {
        const QString hash = hashDeviceSecret(QStringLiteral("s3cret"));
        QVERIFY(verifyDeviceSecret(QStringLiteral("b2$") + hash.mid(3).toUpper(), QStringLiteral("s3cret")));
    }

    void policy_data()
    {
        QTest::addColumn<QString>("password");
        QTest::addColumn<bool>("ok");
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("7") << QStringLiteral("1234567") << false;
        QTest::newRow("8") << QStringLiteral("12345678") << true;
        QTest::newRow("128") << QString(128, QLatin1Char('a')) << true;
        QTest::newRow("129") << QString(129, QLatin1Char('a')) << false;
        // 8 emoji are 16 UTF-16 units and 32 UTF-8 bytes but 8 characters.
        QTest::newRow("8 emoji") << QString(QStringLiteral("🔑")).repeated(8) << true;
        QTest::newRow("7 emoji") << QString(QStringLiteral("🔑")).repeated(7) << false;
        QTest::newRow("65 emoji") << QString(QStringLiteral("🔑")).repeated(65) << true;
    }
    void policy()
    {
        QFETCH(QString, password);
        QFETCH(bool, ok);
        const QString error = checkPasswordPolicy(password);
        QCOMPARE(error.isEmpty(), ok);
    }
};

QTEST_GUILESS_MAIN(TestPasswords)
#include "tst_passwords.moc"
