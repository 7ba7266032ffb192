// TlsTrust (shared/client/tls_trust.h) and its use by ApiClient and LiveClient: a CA file becomes the TLS
// settings (system CAs + the file, peer verification, TLS 1.2+); an unusable file is a clear error and
// nothing goes on the wire.
#include "canned_http_server.h"
#include "shared/client/api_client.h"
#include "shared/client/live_client.h"
#include "shared/client/tls_trust.h"

#include <QProcess>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace spk::client;

class TestTlsTrust : public QObject
{
    Q_OBJECT
    QTemporaryDir dir_;
    QString ca_; // a real CA certificate from scripts/gen-certs.sh

    QString writeFile(const QString &name, const QByteArray &bytes)
    {
        QFile f(dir_.filePath(name));
        if (!f.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(f.fileName()));
        f.write(bytes);
        return f.fileName();
    }

    static ApiResult wait(ApiReply *reply)
    {
        ApiResult result;
        bool done = false;
        reply->then(reply, [&](const ApiResult &r) {
            result = r;
            done = true;
        });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(done, 10000); }();
        return result;
    }

private slots:
    void initTestCase()
    {
        if (!QSslSocket::supportsSsl())
            QFAIL("Qt has no TLS backend (libssl)");
        QProcess gen;
        gen.start(QStringLiteral("bash"),
                  {qEnvironmentVariable("SPK_SOURCE_DIR") + "/scripts/gen-certs.sh", dir_.filePath("certs")});
        QVERIFY(gen.waitForFinished(30000));
        QVERIFY2(gen.exitCode() == 0, gen.readAllStandardError().constData());
        ca_ = dir_.filePath("certs/ca.crt");
    }

    void aCaFileIsAddedToTheSystemTrust()
    {
        QSslConfiguration c;
        QString error;
        QVERIFY2(TlsTrust::load(ca_, &c, &error), qPrintable(error));
        const auto system = TlsTrust::systemDefault().caCertificates();
        QCOMPARE(c.caCertificates().size(), system.size() + 1);
        QVERIFY(c.caCertificates().contains(TlsTrust::readCaFile(ca_, &error).value(0)));
        QCOMPARE(c.peerVerifyMode(), QSslSocket::VerifyPeer);
        QCOMPARE(c.protocol(), QSsl::TlsV1_2OrLater);
        QVERIFY(TlsTrust::load(QString(), &c, &error)); // no file: the system's CAs only
        QCOMPARE(c.caCertificates().size(), system.size());
        QCOMPARE(c.peerVerifyMode(), QSslSocket::VerifyPeer);
    }

    void unusableFilesAreExplained_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("says");
        QTest::newRow("missing") << dir_.filePath("nope.crt") << "does not exist";
        QTest::newRow("directory") << dir_.path() << "not a regular file";
        QTest::newRow("garbage") << writeFile("garbage.crt", "not a certificate\n") << "no PEM certificate";
        QTest::newRow("key, not a certificate") << dir_.filePath("certs/server.key") << "no PEM certificate";
        QTest::newRow("truncated")
            << writeFile("cut.crt",
                         "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n")
            << "no PEM certificate";
    }
    void unusableFilesAreExplained()
    {
        QFETCH(QString, path);
        QFETCH(QString, says);
        QSslConfiguration c;
        QString error;
        QVERIFY(!TlsTrust::load(path, &c, &error));
        QVERIFY2(error.contains(says) && error.contains(path), qPrintable(error));
    }

    void untrustedMessageNamesTheReasonAndTheFix()
    {
        const QString m = TlsTrust::untrustedMessage({"The certificate is self-signed, and untrusted"});
        QCOMPARE(m, QStringLiteral("certificate not trusted: The certificate is self-signed, and untrusted; "
                                   "pass --ca FILE"));
        QVERIFY(TlsTrust::untrustedMessage({"x"}, "choose a CA file").endsWith("; choose a CA file"));
    }

    void apiClientSendsNothingWithABadCaFile()
    {
        CannedHttpServer server;
        ApiClient client;
        client.setBaseUrl(QUrl(server.baseUrl()));
        QString error;
        QVERIFY(!client.setCaFile(dir_.filePath("nope.crt"), &error));
        QVERIFY(error.contains("does not exist"));
        const ApiResult r = wait(client.listDevices());
        QVERIFY(!r.ok);
        QCOMPARE(r.errorCode(), QString::fromLatin1(errc::kTlsError));
        QCOMPARE(r.errorMessage(), error);
        QTest::qWait(100);
        QCOMPARE(server.requests.size(), 0); // nothing went out, not even over plain http

        QVERIFY(client.setCaFile(ca_, &error)); // a usable file: calls go out again
        QCOMPARE(client.caFile(), ca_);
        QVERIFY(wait(client.listDevices()).ok);
        QCOMPARE(server.requests.size(), 1);
    }

    void apiClientReportsAPlainServerOnAnHttpsUrlAsTls()
    {
        // A plain HTTP server answers the ClientHello with a 400 page, as nginx does on a non-TLS port.
        QTcpServer plain;
        QVERIFY(plain.listen(QHostAddress::LocalHost, 0));
        connect(&plain, &QTcpServer::newConnection, this, [&plain] {
            QTcpSocket *s = plain.nextPendingConnection();
            connect(s, &QTcpSocket::readyRead, s, [s] {
                s->readAll();
                s->write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                s->disconnectFromHost();
            });
        });
        ApiClient client;
        client.setBaseUrl(QUrl(QStringLiteral("https://127.0.0.1:%1").arg(plain.serverPort())));
        QVERIFY(client.setCaFile(ca_));
        const ApiResult r = wait(client.health());
        QCOMPARE(r.errorCode(), QString::fromLatin1(errc::kTlsError));
        QVERIFY2(r.errorMessage().contains("TLS handshake"), qPrintable(r.errorMessage()));
        QVERIFY(r.tlsErrors.isEmpty()); // not a certificate problem
    }

    void liveClientFailsAtOnceWithABadCaFile()
    {
        LiveClient live;
        live.setBaseUrl(QUrl(QStringLiteral("https://127.0.0.1:1")));
        QString error;
        QVERIFY(!live.setCaFile(dir_.filePath("garbage.crt"), &error));
        QSignalSpy tls(&live, &LiveClient::tlsFailed);
        live.open();
        QCOMPARE(tls.size(), 1);
        QCOMPARE(tls.at(0).at(0).toString(), error);
        QCOMPARE(live.state(), LiveClient::State::TlsFailed);
        QTest::qWait(1500); // no reconnect attempts
        QCOMPARE(live.state(), LiveClient::State::TlsFailed);
        QCOMPARE(tls.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestTlsTrust)
#include "tst_tls_trust.moc"
