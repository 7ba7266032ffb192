// ApiClient/ApiReply: requests on the wire, result mapping (envelopes, network errors, timeouts),
// the unauthorized() signal, token handling and audio downloads.
#include "canned_http_server.h"
#include "shared/client/api_client.h"
#include "shared/client/models.h"

#include <QBuffer>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace spk::client;

class TestApiClient : public QObject
{
    Q_OBJECT

    // Waits for the reply (bounded) and returns a copy of its result.
    static ApiResult wait(ApiReply *reply)
    {
        ApiResult result;
        bool done = false;
        reply->then(reply, [&](const ApiResult &r) {
            result = r;
            done = true;
        });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(done, 20000); }();
        return result;
    }

private slots:
    void loginSendsJsonAndStoresToken()
    {
        CannedHttpServer server;
        server.responses.append(
            {200, "application/json",
             R"({"token":"abc.def.ghi","expires_at":"2030-01-01T00:00:00Z","user":{"id":1,"username":"admin","role":"admin"}})"});
        ApiClient client;
        client.setBaseUrl(QUrl(server.baseUrl() + "/"));
        QSignalSpy tokenSpy(&client, &ApiClient::tokenChanged);
        const ApiResult r = wait(client.login("admin", "pa\"ss"));
        QVERIFY(r.ok);
        QCOMPARE(r.httpStatus, 200);
        QCOMPARE(client.token(), QStringLiteral("abc.def.ghi"));
        QCOMPARE(tokenSpy.size(), 1);
        QCOMPARE(server.requests.size(), 1);
        const RecordedRequest &req = server.requests[0];
        QCOMPARE(req.method, QByteArray("POST"));
        QCOMPARE(req.target, QByteArray("/api/auth/login"));
        QVERIFY(req.header("authorization").isEmpty());
        QVERIFY(req.header("content-type").startsWith("application/json"));
        const QJsonObject body = QJsonDocument::fromJson(req.body).object();
        QCOMPARE(body.value("username").toString(), QStringLiteral("admin"));
        QCOMPARE(body.value("password").toString(), QStringLiteral("pa\"ss"));

        // later calls carry the token
        wait(client.listDevices(7));
        QCOMPARE(server.requests[1].target, QByteArray("/api/devices?owner_id=7"));
        QCOMPARE(server.requests[1].header("authorization"), QByteArray("Bearer abc.def.ghi"));
    }

    void pathsAndMethods()
    {
        CannedHttpServer server;
        ApiClient client;
        client.setBaseUrl(QUrl(server.baseUrl() + "/prefix"));
        client.setToken("t");
        wait(client.setConfig("dev_1", QJsonObject{{"volume", 80}}));
        wait(client.reboot("dev_1"));
        wait(client.removeUser(5));
        wait(client.session(42));
        SessionQuery q;
        q.deviceId = "dev_1";
        q.limit = 3;
        wait(client.listSessions(q));
        AuditQuery a;
        a.limit = 2;
        wait(client.audit(a));
        QCOMPARE(server.requests.size(), 6);
        QCOMPARE(server.requests[0].method, QByteArray("PUT"));
        QCOMPARE(server.requests[0].target, QByteArray("/prefix/api/devices/dev_1/config"));
        QCOMPARE(QJsonDocument::fromJson(server.requests[0].body).object().value("volume").toInt(), 80);
        QCOMPARE(server.requests[1].target, QByteArray("/prefix/api/devices/dev_1/reboot"));
        QCOMPARE(server.requests[2].method, QByteArray("DELETE"));
        QCOMPARE(server.requests[2].target, QByteArray("/prefix/api/users/5"));
        QCOMPARE(server.requests[3].target, QByteArray("/prefix/api/sessions/42"));
        QCOMPARE(server.requests[4].target, QByteArray("/prefix/api/sessions?device_id=dev_1&limit=3"));
        QCOMPARE(server.requests[5].target, QByteArray("/prefix/api/audit?limit=2"));
    }

    void errorEnvelopeAndUnauthorized()
    {
        CannedHttpServer server;
        server.responses.append(
            {404, "application/json", R"({"error":{"code":"not_found","message":"no such device"}})"});
        server.responses.append(
            {401, "application/json", R"({"error":{"code":"token_revoked","message":"revoked"}})"});
        server.responses.append(
            {504, "application/json",
             R"({"success":false,"error":{"code":"device_timeout","message":"no ack in 5 s"}})"});
        server.responses.append({502, "text/html", "<html>bad gateway</html>"});
        ApiClient client;
        client.setBaseUrl(QUrl(server.baseUrl()));
        client.setToken("t");
        QSignalSpy unauthorized(&client, &ApiClient::unauthorized);

        ApiResult r = wait(client.device("nope"));
        QVERIFY(!r.ok);
        QCOMPARE(r.httpStatus, 404);
        QCOMPARE(r.errorCode(), QStringLiteral("not_found"));
        QCOMPARE(r.errorMessage(), QStringLiteral("no such device"));
        QCOMPARE(unauthorized.size(), 0);

        r = wait(client.me());
        QVERIFY(r.isUnauthorized());
        QCOMPARE(r.errorCode(), QStringLiteral("token_revoked"));
        QCOMPARE(unauthorized.size(), 1);

        r = wait(client.setConfig("d", QJsonObject{{"volume", 1}}));
        QCOMPARE(r.httpStatus, 504);
        QCOMPARE(r.errorCode(), QStringLiteral("device_timeout"));
        QCOMPARE(r.json.value("success").toBool(true), false);

        r = wait(client.listDevices());
        QCOMPARE(r.httpStatus, 502);
        QCOMPARE(r.errorCode(), QString::fromLatin1(errc::kHttpError));
        QVERIFY(r.errorMessage().contains("502"));
    }

    void invalidJsonIsReported()
    {
        CannedHttpServer server;
        server.responses.append({200, "application/json", "not json at all"});
        ApiClient client;
        client.setBaseUrl(QUrl(server.baseUrl()));
        const ApiResult r = wait(client.me());
        QVERIFY(!r.ok);
        QCOMPARE(r.errorCode(), QString::fromLatin1(errc::kInvalidResponse));
    }

    void noContentIsSuccess()
    {
        CannedHttpServer server;
        server.responses.append({204, "", ""});
        ApiClient client;
        client.setBaseUrl(QUrl(server.baseUrl()));
        client.setToken("t");
        const ApiResult r = wait(client.logout());
        QVERIFY(r.ok);
        QCOMPARE(r.httpStatus, 204);
        QVERIFY(client.token().isEmpty()); // logout forgets the token
    }

    void connectionRefusedIsNetworkError()
    {
        quint16 port = 0;
        {
            QTcpServer probe; // a port that was free a moment ago and now has no listener
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            port = probe.serverPort();
        }
        ApiClient client;
        client.setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
        const ApiResult r = wait(client.listDevices());
        QVERIFY(!r.ok);
        QCOMPARE(r.httpStatus, 0);
        QCOMPARE(r.errorCode(), QString::fromLatin1(errc::kNetworkError));
    }

    void badBaseUrlFailsCleanly()
    {
        ApiClient client;
        client.setBaseUrl(QUrl("ftp://example"));
        const ApiResult r = wait(client.me());
        QCOMPARE(r.errorCode(), QString::fromLatin1(errc::kNetworkError));
        client.setBaseUrl(QUrl("not a url"));
        QCOMPARE(wait(client.me()).errorCode(), QString::fromLatin1(errc::kNetworkError));
    }

    void silentServerTimesOut()
    {
        CannedHttpServer server;
        server.responses.append({200, "", "", true});
        server.responses.append({200, "", "", true});
        ApiClient client;
        client.setBaseUrl(QUrl(server.baseUrl()));
        client.setTimeout(300);
        client.setDeviceCommandTimeout(400);
        ApiResult r = wait(client.listDevices());
        QCOMPARE(r.errorCode(), QString::fromLatin1(errc::kTimeout));
        QCOMPARE(r.httpStatus, 0);
        r = wait(client.reboot("d"));
        QCOMPARE(r.errorCode(), QString::fromLatin1(errc::kTimeout));
    }

    void abortReportsCanceled()
    {
        CannedHttpServer server;
        server.responses.append({200, "", "", true});
        ApiClient client;
        client.setBaseUrl(QUrl(server.baseUrl()));
        ApiReply *reply = client.me();
        QTRY_COMPARE_WITH_TIMEOUT(server.requests.size(), 1, 10000);
        ApiResult result;
        reply->then(this, [&](const ApiResult &r) { result = r; });
        reply->abort();
        QTRY_COMPARE_WITH_TIMEOUT(result.errorCode(), QString::fromLatin1(errc::kCanceled), 10000);
    }

    void destroyingClientWithPendingCallsIsSafe()
    {
        CannedHttpServer server;
        server.responses.append({200, "", "", true});
        auto *client = new ApiClient;
        client->setBaseUrl(QUrl(server.baseUrl()));
        bool called = false;
        client->me()->then(this, [&](const ApiResult &) { called = true; });
        QTRY_COMPARE_WITH_TIMEOUT(server.requests.size(), 1, 10000);
        delete client;
        QTest::qWait(50);
        QVERIFY(!called); // no callback into a half-destroyed client
    }

    void audioDownloadToFile()
    {
        QByteArray ogg("OggS");
        ogg += QByteArray(70000, '\x5a');
        CannedHttpServer server;
        server.responses.append({200, "audio/ogg", ogg});
        server.responses.append(
            {404, "application/json", R"({"error":{"code":"not_found","message":"not recorded"}})"});
        ApiClient client;
        client.setBaseUrl(QUrl(server.baseUrl()));
        client.setToken("t");
        QTemporaryDir dir;
        const QString path = dir.filePath("a.ogg");

        ApiReply *reply = client.downloadSessionAudio(42, AudioTrack::User, path);
        QSignalSpy progress(reply, &ApiReply::downloadProgress);
        ApiResult r = wait(reply);
        QVERIFY2(r.ok, qPrintable(r.errorMessage()));
        QVERIFY(r.raw.isEmpty());
        QVERIFY(progress.size() >= 1);
        QCOMPARE(server.requests[0].target, QByteArray("/api/sessions/42/audio?track=user"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), ogg);
        f.close();

        // a failed download leaves the earlier file untouched and reports the server's error
        r = wait(client.downloadSessionAudio(42, AudioTrack::Assistant, path));
        QCOMPARE(r.httpStatus, 404);
        QCOMPARE(r.errorCode(), QStringLiteral("not_found"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), ogg);

        // an unwritable target fails before any request
        r = wait(client.downloadSessionAudio(1, AudioTrack::User, dir.filePath("missing/dir/x.ogg")));
        QCOMPARE(r.errorCode(), QString::fromLatin1(errc::kFileError));
        QCOMPARE(server.requests.size(), 2);
    }

    void audioDownloadToDevice()
    {
        CannedHttpServer server;
        server.responses.append({200, "audio/ogg", "OggSdata"});
        ApiClient client;
        client.setBaseUrl(QUrl(server.baseUrl()));
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        const ApiResult r = wait(client.downloadSessionAudio(9, AudioTrack::Assistant, &buffer));
        QVERIFY(r.ok);
        QCOMPARE(buffer.data(), QByteArray("OggSdata"));
        QCOMPARE(server.requests[0].target, QByteArray("/api/sessions/9/audio?track=assistant"));
    }
};

QTEST_GUILESS_MAIN(TestApiClient)
#include "tst_api_client.moc"
