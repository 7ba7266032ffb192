// LiveClient against loopback sockets: dispatch of the three protocol.md §2 messages, the token in the
// upgrade request, reconnect after a drop, a refused token, and a server that never answers.
#include "shared/client/live_client.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

using namespace spk::client;

class TestLiveClient : public QObject
{
    Q_OBJECT
private slots:
    void liveUrl()
    {
        QCOMPARE(LiveClient::liveUrlFor(QUrl("http://h:8080")), QUrl("ws://h:8080/ws"));
        QCOMPARE(LiveClient::liveUrlFor(QUrl("https://h/spk/")), QUrl("wss://h/spk/ws"));
    }

    void dispatchesMessagesAndReconnects()
    {
        QWebSocketServer server("test", QWebSocketServer::NonSecureMode);
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QList<QWebSocket *> peers;
        QByteArray authHeader;
        connect(&server, &QWebSocketServer::newConnection, this, [&] {
            QWebSocket *s = server.nextPendingConnection();
            authHeader = s->request().rawHeader("Authorization");
            peers.append(s);
        });

        LiveClient live;
        live.setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.serverPort())));
        live.setToken("tok123");
        live.setReconnectBackoff(50, 200);
        QSignalSpy connected(&live, &LiveClient::connected);
        QSignalSpy disconnected(&live, &LiveClient::disconnected);
        QSignalSpy status(&live, &LiveClient::statusUpdate);
        QSignalSpy progress(&live, &LiveClient::sessionProgress);
        QSignalSpy acks(&live, &LiveClient::configAck);
        QSignalSpy raw(&live, &LiveClient::messageReceived);
        live.open();
        QTRY_COMPARE_WITH_TIMEOUT(connected.size(), 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(peers.size(), 1, 10000);
        QVERIFY(live.isConnected());
        QCOMPARE(authHeader, QByteArray("Bearer tok123"));

        QWebSocket *peer = peers.first();
        peer->sendTextMessage(
            R"({"type":"status_update","device_id":"dev123","data":{"online":true,"battery":85}})");
        peer->sendTextMessage("this is not json");
        peer->sendTextMessage(R"([1,2,3])");
        peer->sendTextMessage(
            R"({"type":"session_progress","device_id":"dev123","session_id":7,"device_session_id":"s001","stage":"thinking"})");
        peer->sendTextMessage(
            R"({"type":"config_ack","device_id":"dev123","request_id":"r-9","config":{"volume":80}})");
        peer->sendTextMessage(R"({"type":"something_new","device_id":"dev123"})");
        QTRY_COMPARE_WITH_TIMEOUT(acks.size(), 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(raw.size(), 4, 10000); // two malformed messages dropped
        QCOMPARE(status.size(), 1);
        QCOMPARE(status[0][0].toString(), QStringLiteral("dev123"));
        QCOMPARE(status[0][1].toJsonObject().value("battery").toInt(), 85);
        QCOMPARE(progress.size(), 1);
        QCOMPARE(progress[0][0].toJsonObject().value("stage").toString(), QStringLiteral("thinking"));
        QCOMPARE(acks[0][1].toString(), QStringLiteral("r-9"));
        QCOMPARE(acks[0][2].toJsonObject().value("volume").toInt(), 80);

        // the server drops us: we notice and come back by ourselves
        peer->close();
        QTRY_COMPARE_WITH_TIMEOUT(disconnected.size(), 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(connected.size(), 2, 10000);
        QCOMPARE(peers.size(), 2);

        live.close();
        QCOMPARE(live.state(), LiveClient::State::Closed);
        QTRY_COMPARE_WITH_TIMEOUT(disconnected.size(), 2, 10000);
        QTest::qWait(400); // no reconnect after close()
        QCOMPARE(peers.size(), 2);
    }

    void refusedTokenStopsReconnecting()
    {
        QTcpServer server; // answers the upgrade like spkd does for a bad token
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        int attempts = 0;
        connect(&server, &QTcpServer::newConnection, this, [&] {
            QTcpSocket *s = server.nextPendingConnection();
            ++attempts;
            connect(s, &QTcpSocket::readyRead, s, [s] {
                if (!s->readAll().contains("\r\n\r\n"))
                    return;
                s->write(
                    "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                    "Connection: close\r\n\r\n{}");
                s->disconnectFromHost();
            });
        });
        LiveClient live;
        live.setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.serverPort())));
        live.setToken("bad");
        live.setReconnectBackoff(20, 50);
        QSignalSpy authFailed(&live, &LiveClient::authFailed);
        QSignalSpy connected(&live, &LiveClient::connected);
        live.open();
        QTRY_COMPARE_WITH_TIMEOUT(authFailed.size(), 1, 10000);
        QCOMPARE(live.state(), LiveClient::State::AuthFailed);
        QTest::qWait(300);
        QCOMPARE(attempts, 1);
        QCOMPARE(connected.size(), 0);
    }

    void silentServerIsDeadAndRetried()
    {
        QTcpServer server; // accepts, never completes the handshake
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        int attempts = 0;
        connect(&server, &QTcpServer::newConnection, this, [&] {
            server.nextPendingConnection();
            ++attempts;
        });
        LiveClient live;
        live.setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.serverPort())));
        live.setToken("t");
        live.setReconnectBackoff(20, 50);
        live.setDeadServerTimeout(200);
        QSignalSpy errors(&live, &LiveClient::errorOccurred);
        live.open();
        QTRY_VERIFY_WITH_TIMEOUT(attempts >= 2, 10000);
        QVERIFY(!errors.isEmpty());
        QVERIFY(!live.isConnected());
        live.close();
    }

    void invalidUrlDoesNotLoop()
    {
        LiveClient live;
        QSignalSpy errors(&live, &LiveClient::errorOccurred);
        live.open();
        QCOMPARE(errors.size(), 1);
        QCOMPARE(live.state(), LiveClient::State::Closed);
    }
};

QTEST_GUILESS_MAIN(TestLiveClient)
#include "tst_live_client.moc"
