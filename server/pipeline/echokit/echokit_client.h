#pragma once
// One turn's WebSocket to an EchoKit server, speaking its device protocol: binary frames of 16 kHz
// mono s16le PCM up, the text frame "End:Normal" to submit the utterance, MessagePack ServerEvents
// down (echokit_event.h). Audio given before the socket is open is queued and sent on connect.
// After failed() (connect time-out, a silent server, a malformed event, the peer closing) the client
// emits nothing more. Signals are never emitted from inside a call.
#include "server/pipeline/echokit/echokit_event.h"

#include <QList>
#include <QObject>
#include <QTimer>
#include <QUrl>
#include <QWebSocket>

namespace spk::server::pipeline {

class EchoKitClient : public QObject
{
    Q_OBJECT
public:
    // responseTimeoutMs: longest silence from the server between submit() and close().
    EchoKitClient(QUrl url, int connectTimeoutMs, int responseTimeoutMs, QObject *parent = nullptr);
    ~EchoKitClient() override;

    void open();
    void sendPcm(const QByteArray &pcm16k);
    void submit();
    void close(); // quietly: no failed() for a close we asked for

    // Queued audio is capped (about a minute at 16 kHz); beyond it the turn fails.
    static constexpr qsizetype kMaxQueuedBytes = 2 * 1024 * 1024;

signals:
    void eventReceived(const spk::server::pipeline::EchoKitEvent &event);
    void failed(const QString &message);

private:
    void onConnected();
    void onBinary(const QByteArray &frame);
    void fail(const QString &message);

    QWebSocket socket_;
    QUrl url_;
    QTimer connectTimer_;
    QTimer responseTimer_;
    QList<QByteArray> queued_;
    qsizetype queuedBytes_ = 0;
    bool connected_ = false;
    bool submitPending_ = false;
    bool done_ = false; // failed or closed: silent from now on
};

} // namespace spk::server::pipeline
