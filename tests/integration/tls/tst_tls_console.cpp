// The console's login dialog against spkd behind nginx/TLS (tls_stack.h): the CA file field reaches the
// ApiClient (and the live feed), a login with it succeeds over https/wss and is remembered for that
// server; without it, or with an unusable file, the dialog says why and nothing is sent.
#include "console/app/connection.h"
#include "console/widgets/login_dialog.h"
#include "tests/support/require_service.h"
#include "tls_stack.h"

#include <QApplication>
#include <QLineEdit>
#include <QSettings>
#include <QSslCertificate>
#include <QStandardPaths>
#include <QTest>
#include <QToolButton>

using namespace spk::console;
using namespace spk::test;

class TestTlsConsole : public QObject
{
    Q_OBJECT
    std::unique_ptr<TlsStack> stack_;

    void fill(LoginDialog &dialog, const QString &ca)
    {
        dialog.setServerUrl(stack_->httpsUrl());
        dialog.setUsername(SpkdProcess::adminName());
        dialog.setPassword(SpkdProcess::adminPassword());
        dialog.findChild<QLineEdit *>("caFileEdit")->setText(ca); // as typed or picked with Browse…
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // QSettings go to a test location
        QCoreApplication::setOrganizationName(QStringLiteral("spk-test-tls"));
        QSettings().clear();
        const QString missing = TlsStack::missingTools(false);
        SPK_REQUIRE_AVAILABLE("nginx and openssl", missing.isEmpty(), "apt-get install nginx openssl");
        stack_ = std::make_unique<TlsStack>();
        QString error;
        QVERIFY2(stack_->start({false}, &error), qPrintable(error));
    }
    void cleanupTestCase()
    {
        stack_.reset();
        QSettings().clear();
    }

    void withoutTheCaTheCertificateIsRefused()
    {
        Connection connection;
        LoginDialog dialog(connection.api());
        fill(dialog, QString());
        dialog.submit();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.errorText().isEmpty(), 15000);
        QVERIFY2(dialog.errorText().contains("certificate is not trusted"), qPrintable(dialog.errorText()));
        QVERIFY(dialog.result() != QDialog::Accepted);
    }

    void anUnusableCaFileIsExplainedBeforeAnythingIsSent()
    {
        Connection connection;
        LoginDialog dialog(connection.api());
        fill(dialog, stack_->garbageCaFile());
        dialog.submit(); // synchronous: the file is checked before any request
        QVERIFY2(dialog.errorText().contains("no PEM certificate"), qPrintable(dialog.errorText()));
        QCOMPARE(connection.api()->caFile(), stack_->garbageCaFile());
    }

    void theCaFieldReachesTheClientsAndIsRememberedPerServer()
    {
        Connection connection;
        LoginDialog dialog(connection.api());
        QVERIFY(dialog.findChild<QToolButton *>("caFileBrowse")); // the file picker is there
        fill(dialog, stack_->caFile());
        dialog.submit();
        QTRY_VERIFY_WITH_TIMEOUT(dialog.result() == QDialog::Accepted || !dialog.errorText().isEmpty(),
                                 15000);
        QVERIFY2(dialog.result() == QDialog::Accepted, qPrintable(dialog.errorText() + stack_->logs()));
        QCOMPARE(connection.api()->caFile(), stack_->caFile());
        QString error;
        const QSslCertificate ca = QSslCertificate::fromPath(stack_->caFile()).value(0);
        QVERIFY(!ca.isNull());
        QVERIFY(connection.api()->tlsConfiguration().caCertificates().contains(ca));
        QCOMPARE(connection.api()->tlsConfiguration().peerVerifyMode(), QSslSocket::VerifyPeer);

        // The live feed (wss through nginx) uses the same trust.
        connection.start(dialog.serverUrl(), dialog.loginResult());
        QCOMPARE(connection.live()->caFile(), stack_->caFile());
        QTRY_VERIFY_WITH_TIMEOUT(connection.live()->isConnected(), 15000);

        // Remembered for this server, not for others.
        QCOMPARE(LoginDialog::rememberedCaFile(dialog.serverUrl()), stack_->caFile());
        LoginDialog again(connection.api());
        again.setServerUrl(stack_->httpsUrl());
        QCOMPARE(again.caFile(), stack_->caFile());
        again.setServerUrl(QStringLiteral("https://127.0.0.1:1"));
        QVERIFY(again.caFile().isEmpty());
    }
};

QTEST_MAIN(TestTlsConsole)
#include "tst_tls_console.moc"
