// spkd's HTTP front against hostile clients (issue 10, findings 1 and 2), over raw TCP against a real
// spkd with small limits: bodies refused by Content-Length before they are read and cut off as soon as
// a chunked one passes the limit, URL and header caps, header/body/idle time-outs (slowloris), total
// and per-source connection caps, WebSocket message limits, and every refusal counted in /metrics.
#include "tests/support/spkd_process.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QWebSocket>
#include <memory>
#include <vector>

using namespace spk::test;

namespace {

// One raw HTTP/1.1 connection to spkd.
class Raw
{
public:
    explicit Raw(quint16 port)
    {
        socket_.connectToHost(QStringLiteral("127.0.0.1"), port);
        socket_.waitForConnected(3000);
    }
    bool connected() const { return socket_.state() == QAbstractSocket::ConnectedState; }
    void send(const QByteArray &bytes)
    {
        socket_.write(bytes);
        socket_.waitForBytesWritten(3000);
    }
    // Waits for one whole response (status line, headers, Content-Length body); empty on time-out.
    QByteArray response(int timeoutMs = 3000)
    {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < timeoutMs) {
            const qsizetype end = buffer_.indexOf("\r\n\r\n");
            if (end >= 0) {
                qint64 length = 0;
                for (const QByteArray &line : buffer_.left(end).split('\n'))
                    if (line.toLower().startsWith("content-length:"))
                        length = line.mid(15).trimmed().toLongLong();
                if (buffer_.size() >= end + 4 + length) {
                    const QByteArray out = buffer_.left(end + 4 + length);
                    buffer_.remove(0, out.size());
                    return out;
                }
            }
            if (socket_.state() != QAbstractSocket::ConnectedState && socket_.bytesAvailable() == 0)
                return {};
            if (socket_.waitForReadyRead(50))
                buffer_ += socket_.readAll();
            else if (socket_.bytesAvailable())
                buffer_ += socket_.readAll();
        }
        return {};
    }
    // True when spkd closes the connection within timeoutMs (what it answered first is kept).
    bool closedWithin(int timeoutMs)
    {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < timeoutMs) {
            if (socket_.state() == QAbstractSocket::UnconnectedState)
                return true;
            if (socket_.waitForReadyRead(50))
                buffer_ += socket_.readAll();
        }
        return socket_.state() == QAbstractSocket::UnconnectedState;
    }
    QTcpSocket &socket() { return socket_; }

private:
    QTcpSocket socket_;
    QByteArray buffer_;
};

int statusOf(const QByteArray &response)
{
    const QList<QByteArray> parts = response.left(response.indexOf("\r\n")).split(' ');
    return parts.size() >= 2 ? parts[1].toInt() : 0;
}

QString errorCodeOf(const QByteArray &response)
{
    const QByteArray body = response.mid(response.indexOf("\r\n\r\n") + 4);
    return QJsonDocument::fromJson(body).object().value("error").toObject().value("code").toString();
}

QByteArray get(const QByteArray &target, const QByteArray &extra = {})
{
    return "GET " + target + " HTTP/1.1\r\nHost: spk\r\n" + extra + "\r\n";
}

} // namespace

class TestHttpLimits : public QObject
{
    Q_OBJECT

    std::unique_ptr<SpkdProcess> spkd_;
    quint16 port_ = 0;

    static QStringList limits()
    {
        return {"SPK_HTTP_MAX_BODY_BYTES=65536",
                "SPK_HTTP_MAX_URL_BYTES=4096",
                "SPK_HTTP_MAX_HEADERS=50",
                "SPK_HTTP_MAX_HEADER_BYTES=16384",
                "SPK_HTTP_HEADER_TIMEOUT_MS=1500",
                "SPK_HTTP_BODY_TIMEOUT_MS=1500",
                "SPK_HTTP_IDLE_TIMEOUT_MS=1500",
                "SPK_HTTP_MAX_CONNECTIONS=1000",
                "SPK_HTTP_MAX_CONNECTIONS_PER_SOURCE=20",
                "SPK_HTTP_WS_MAX_FRAME_BYTES=65536",
                "SPK_HTTP_WS_MAX_MESSAGE_BYTES=65536"};
    }

private slots:
    void initTestCase()
    {
        spkd_ = std::make_unique<SpkdProcess>();
        SpkdProcess::Options o;
        o.env = limits();
        QString error;
        QVERIFY2(spkd_->start(o, &error), qPrintable(error));
        port_ = QUrl(spkd_->baseUrl()).port();
    }
    void cleanupTestCase() { spkd_.reset(); }

    void keepAliveAndPipelining()
    {
        Raw c(port_);
        c.send(get("/healthz") + get("/healthz"));
        QCOMPARE(statusOf(c.response()), 200);
        QCOMPARE(statusOf(c.response()), 200);
        c.send(get("/healthz"));
        QCOMPARE(statusOf(c.response()), 200);
    }

    void hugeContentLengthIsRefusedAtOnce()
    {
        Raw c(port_);
        QElapsedTimer t;
        t.start();
        c.send("POST /api/auth/login HTTP/1.1\r\nHost: spk\r\nContent-Type: application/json\r\n"
               "Content-Length: 5000000000\r\n\r\n{");
        const QByteArray r = c.response(2000);
        QCOMPARE(statusOf(r), 413);
        QCOMPARE(errorCodeOf(r), QStringLiteral("body_too_large"));
        QVERIFY(t.elapsed() < 1500);
        QVERIFY(c.closedWithin(2000));
    }

    void chunkedBodyIsCutOffPastTheLimit()
    {
        Raw c(port_);
        c.send("POST /api/auth/login HTTP/1.1\r\nHost: spk\r\nTransfer-Encoding: chunked\r\n\r\n");
        const QByteArray chunk = "4000\r\n" + QByteArray(0x4000, 'a') + "\r\n";
        for (int i = 0; i < 6; ++i) // 96 KiB of a 64 KiB limit, and no final chunk
            c.send(chunk);
        const QByteArray r = c.response(2000);
        QCOMPARE(statusOf(r), 413);
        QVERIFY(c.closedWithin(2000));
    }

    void longUrlGets414()
    {
        Raw c(port_);
        c.send(get("/healthz?pad=" + QByteArray(8000, 'x')));
        const QByteArray r = c.response();
        QCOMPARE(statusOf(r), 414);
        QCOMPARE(errorCodeOf(r), QStringLiteral("uri_too_long"));
        QVERIFY(c.closedWithin(2000));
    }

    void tooManyHeadersGet431()
    {
        QByteArray headers;
        for (int i = 0; i < 200; ++i)
            headers += "X-Pad-" + QByteArray::number(i) + ": v\r\n";
        Raw c(port_);
        c.send(get("/healthz", headers));
        const QByteArray r = c.response();
        QCOMPARE(statusOf(r), 431);
        QCOMPARE(errorCodeOf(r), QStringLiteral("too_many_headers"));
        QVERIFY(c.closedWithin(2000));
    }

    void hugeHeaderGets431()
    {
        Raw c(port_);
        c.send(get("/healthz", "X-Pad: " + QByteArray(64 * 1024, 'v') + "\r\n"));
        const QByteArray r = c.response();
        QCOMPARE(statusOf(r), 431);
        QCOMPARE(errorCodeOf(r), QStringLiteral("headers_too_large"));
        QVERIFY(c.closedWithin(2000));
    }

    void slowlorisIsCutOff()
    {
        Raw c(port_);
        c.send("GET /healthz HTTP/1.1\r\nHost: spk\r\nX-Slow: ");
        QElapsedTimer t;
        t.start();
        while (c.connected() && t.elapsed() < 6000) {
            c.send("a");
            c.closedWithin(300);
        }
        QVERIFY2(!c.connected(), "a header sent one byte at a time is held past http.header_timeout_ms");
        QVERIFY(t.elapsed() < 4000);
    }

    void slowBodyIsCutOff()
    {
        Raw c(port_);
        c.send("POST /api/auth/login HTTP/1.1\r\nHost: spk\r\nContent-Length: 1000\r\n\r\n{\"user");
        QVERIFY2(c.closedWithin(4000), "an unfinished body is held past http.body_timeout_ms");
    }

    void idleKeepAliveIsClosed()
    {
        Raw c(port_);
        c.send(get("/healthz"));
        QCOMPARE(statusOf(c.response()), 200);
        QVERIFY(!c.closedWithin(500));
        c.send(get("/healthz"));
        QCOMPARE(statusOf(c.response()), 200);
        QVERIFY2(c.closedWithin(4000), "an idle keep-alive connection is held past http.idle_timeout_ms");
        Raw silent(port_); // never sends a byte
        QVERIFY(silent.closedWithin(4000));
    }

    void connectionsPerSourceAreCapped()
    {
        QTest::qWait(1700); // earlier keep-alive connections of this test have timed out
        std::vector<std::unique_ptr<Raw>> held;
        for (int i = 0; i < 20; ++i)
            held.push_back(std::make_unique<Raw>(port_));
        QTest::qWait(100);
        for (int i = 0; i < 5; ++i) { // refused at once, before any request
            Raw over(port_);
            const QByteArray r = over.response(1000);
            QCOMPARE(statusOf(r), 429);
            QCOMPARE(errorCodeOf(r), QStringLiteral("too_many_connections"));
            QVERIFY(over.closedWithin(1000));
        }
        for (auto &c : held)
            QVERIFY(c->connected() && c->socket().bytesAvailable() == 0);
        held.clear();
        QTest::qWait(300);
        Raw again(port_);
        again.send(get("/healthz"));
        QCOMPARE(statusOf(again.response()), 200); // the slots are given back
    }

    void webSocketMessagesAreCapped()
    {
        QWebSocket ws;
        QNetworkRequest req(QUrl(spkd_->wsUrl() + "/ws"));
        req.setRawHeader("Authorization", "Bearer " + spkd_->adminToken().toUtf8());
        QSignalSpy connected(&ws, &QWebSocket::connected);
        QSignalSpy disconnected(&ws, &QWebSocket::disconnected);
        ws.open(req);
        QVERIFY(connected.wait(5000));
        ws.sendTextMessage(QString(128 * 1024, QLatin1Char('x')));
        QVERIFY2(disconnected.wait(5000), "a 128 KiB message on /ws over a 64 KiB limit is accepted");
        QCOMPARE(ws.closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
    }

    void refusalsAreCounted()
    {
        const HttpResult r = spkd_->api("GET", "/metrics", spkd_->adminToken());
        QCOMPARE(r.status, 200);
        for (const char *reason :
             {"body_too_large", "uri_too_long", "too_many_headers", "headers_too_large", "header_timeout",
              "body_timeout", "idle_timeout", "too_many_connections_per_source", "ws_message_too_large"}) {
            const QByteArray line = QByteArray("spk_http_refused_total{reason=\"") + reason + "\"}";
            QVERIFY2(r.body.contains(line), reason);
        }
        QVERIFY(r.body.contains("spk_http_connections "));
    }

    void totalConnectionsAreCapped()
    {
        SpkdProcess small;
        SpkdProcess::Options o;
        o.env = {"SPK_HTTP_MAX_CONNECTIONS=5", "SPK_HTTP_MAX_CONNECTIONS_PER_SOURCE=0"};
        QString error;
        QVERIFY2(small.start(o, &error), qPrintable(error));
        QTest::qWait(300); // the start-up probes' connections are gone
        const quint16 port = QUrl(small.baseUrl()).port();
        std::vector<std::unique_ptr<Raw>> held;
        for (int i = 0; i < 5; ++i)
            held.push_back(std::make_unique<Raw>(port));
        QTest::qWait(100);
        Raw over(port);
        const QByteArray r = over.response(1000);
        QCOMPARE(statusOf(r), 503);
        QCOMPARE(errorCodeOf(r), QStringLiteral("too_many_connections"));
        QVERIFY(over.closedWithin(1000));
        held.clear();
        QTest::qWait(300);
        Raw again(port);
        again.send(get("/healthz"));
        QCOMPARE(statusOf(again.response()), 200);
    }
};

QTEST_GUILESS_MAIN(TestHttpLimits)
#include "tst_http_limits.moc"
