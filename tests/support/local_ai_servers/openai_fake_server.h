#pragma once
// Plays an OpenAI-compatible server on 127.0.0.1 for tests, speaking the documented wire formats:
//  POST /v1/chat/completions (stream:true)  -> text/event-stream of chat.completion.chunk objects, [DONE]
//  POST /v1/audio/transcriptions (multipart) -> {"text": ...}
//  POST /v1/audio/speech                     -> raw 24 kHz s16le ("pcm") or a WAV, streamed in pieces
// Each behaviour is scripted by the test; every request is recorded.
#include "tests/support/local_ai_servers/local_http_server.h"
#include "tests/support/local_ai_servers/multipart.h"

#include <QJsonObject>
#include <QStringList>

namespace spk::testsupport {

class OpenAiFakeServer : public LocalHttpServer
{
    Q_OBJECT
public:
    explicit OpenAiFakeServer(QObject *parent = nullptr);

    // Chat: the reply is sent as these content deltas, one SSE event each, `delayMs` apart.
    // stallAfter >= 0: after that many deltas the server goes silent and keeps the connection open.
    void setChatTokens(const QStringList &tokens, int delayMs = 5, int stallAfter = -1);
    // Any endpoint: answer with this HTTP status and an OpenAI error body instead (0 = off).
    void setErrorStatus(int status) { errorStatus_ = status; }
    void setTranscriptionText(const QString &text) { transcription_ = text; }
    // Speech: the mono 24 kHz int16 samples every /audio/speech request returns.
    void setSpeechPcm24k(const QByteArray &pcm) { speechPcm_ = pcm; }

    // What the last requests carried.
    QJsonObject lastJsonBody() const { return lastJson_; }
    QHash<QByteArray, FormPart> lastUpload() const { return lastUpload_; }
    QByteArray lastAuthorization() const { return lastAuthorization_; }

private:
    void handle(const HttpRequest &request, HttpExchange *exchange);
    void streamChat(HttpExchange *exchange);
    void streamSpeech(HttpExchange *exchange, const QString &format);

    QStringList tokens_;
    int delayMs_ = 5;
    int stallAfter_ = -1;
    int errorStatus_ = 0;
    QString transcription_;
    QByteArray speechPcm_;
    QJsonObject lastJson_;
    QHash<QByteArray, FormPart> lastUpload_;
    QByteArray lastAuthorization_;
};

} // namespace spk::testsupport
