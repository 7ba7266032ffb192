#pragma once
// A loopback HTTP/1.1 responder for client tests: records each request and answers with the next
// canned response (or stays silent, to exercise timeouts). Not a model of spkd.
#include <QByteArray>
#include <QList>
#include <QTcpServer>
#include <QTcpSocket>

struct CannedResponse
{
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    bool silent = false; // never answer
};

struct RecordedRequest
{
    QByteArray method, target;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QByteArray header(const QByteArray &name) const
    {
        for (const auto &h : headers)
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        return {};
    }
};

class CannedHttpServer : public QTcpServer
{
public:
    CannedHttpServer()
    {
        listen(QHostAddress::LocalHost, 0);
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = nextPendingConnection())
                connect(s, &QTcpSocket::readyRead, this, [this, s] { onData(s); });
        });
    }
    QString baseUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(serverPort()); }

    QList<CannedResponse> responses; // consumed front to back; default 200 {} when empty
    QList<RecordedRequest> requests;

private:
    void onData(QTcpSocket *s)
    {
        QByteArray &buf = buffers_[s];
        buf += s->readAll();
        const qsizetype end = buf.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        RecordedRequest req;
        const QList<QByteArray> lines = buf.left(end).split('\n');
        const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
        req.method = first.value(0);
        req.target = first.value(1);
        qsizetype length = 0;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon < 0)
                continue;
            const QByteArray name = lines[i].left(colon).trimmed(), value = lines[i].mid(colon + 1).trimmed();
            req.headers.append({name, value});
            if (name.compare("content-length", Qt::CaseInsensitive) == 0)
                length = value.toLongLong();
        }
        if (buf.size() < end + 4 + length)
            return;
        req.body = buf.mid(end + 4, length);
        buf.remove(0, end + 4 + length);
        requests.append(req);

        const CannedResponse r = responses.isEmpty() ? CannedResponse{200, "application/json", "{}", false}
                                                     : responses.takeFirst();
        if (r.silent)
            return;
        QByteArray out = "HTTP/1.1 " + QByteArray::number(r.status) + " X\r\n";
        if (!r.contentType.isEmpty())
            out += "Content-Type: " + r.contentType + "\r\n";
        out += "Content-Length: " + QByteArray::number(r.body.size()) + "\r\nConnection: keep-alive\r\n\r\n";
        s->write(out + r.body);
    }
    QHash<QTcpSocket *, QByteArray> buffers_;
};
