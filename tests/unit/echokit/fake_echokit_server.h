#pragma once
// A local stand-in for an EchoKit server (second-state/echokit_server, src/services/ws.rs): accepts
// /ws/{id}, collects the binary PCM frames, and on the "End:Normal" text frame runs the test's script,
// which answers with ServerEvents encoded exactly as rmp_serde::to_vec does (see rmpEvent below).
#include <QList>
#include <QObject>
#include <QWebSocket>
#include <QWebSocketServer>
#include <functional>
#include <msgpack.hpp>

namespace echokit_test {

// rmp_serde::to_vec of a ServerEvent: unit variant = its name; otherwise {name: [field]}, with a
// Vec<u8> field as an array of integers.
inline QByteArray unitEvent(const char *name)
{
    msgpack::sbuffer buf;
    msgpack::packer<msgpack::sbuffer> pk(buf);
    pk.pack(std::string(name));
    return QByteArray(buf.data(), qsizetype(buf.size()));
}

inline QByteArray textEvent(const char *name, const QString &text)
{
    msgpack::sbuffer buf;
    msgpack::packer<msgpack::sbuffer> pk(buf);
    pk.pack_map(1);
    pk.pack(std::string(name));
    pk.pack_array(1);
    pk.pack(text.toStdString());
    return QByteArray(buf.data(), qsizetype(buf.size()));
}

inline QByteArray bytesEvent(const char *name, const QByteArray &data)
{
    msgpack::sbuffer buf;
    msgpack::packer<msgpack::sbuffer> pk(buf);
    pk.pack_map(1);
    pk.pack(std::string(name));
    pk.pack_array(1);
    pk.pack_array(uint32_t(data.size()));
    for (char c : data)
        pk.pack(uint8_t(c));
    return QByteArray(buf.data(), qsizetype(buf.size()));
}

class FakeEchoKitServer : public QObject
{
public:
    using Script = std::function<void(QWebSocket *)>;

    FakeEchoKitServer() : server_(QStringLiteral("fake-echokit"), QWebSocketServer::NonSecureMode)
    {
        server_.listen(QHostAddress::LocalHost, 0);
        connect(&server_, &QWebSocketServer::newConnection, this, [this] {
            QWebSocket *ws = server_.nextPendingConnection();
            ws->setParent(this);
            paths.append(ws->requestUrl().path());
            if (onConnect)
                onConnect(ws);
            connect(ws, &QWebSocket::binaryMessageReceived, this,
                    [this](const QByteArray &pcm) { audio += pcm; });
            connect(ws, &QWebSocket::textMessageReceived, this, [this, ws](const QString &text) {
                texts.append(text);
                if (text == QLatin1String("End:Normal") && onSubmit)
                    onSubmit(ws);
            });
        });
    }

    QString url() const { return QStringLiteral("ws://127.0.0.1:%1/ws/").arg(server_.serverPort()); }

    Script onConnect;
    Script onSubmit;
    QStringList paths;
    QStringList texts;
    QByteArray audio;

private:
    QWebSocketServer server_;
};

} // namespace echokit_test
