#include "tests/support/local_ai_servers/openai_fake_server.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>
#include <QtEndian>

#include <memory>

namespace spk::testsupport {

namespace {

QByteArray chunkEvent(const QJsonObject &delta, const QJsonValue &finishReason)
{
    QJsonObject choice{{"index", 0}, {"delta", delta}, {"finish_reason", finishReason}};
    QJsonObject chunk{{"id", "chatcmpl-local"},
                      {"object", "chat.completion.chunk"},
                      {"created", 1700000000},
                      {"model", "local-test"},
                      {"choices", QJsonArray{choice}}};
    return "data: " + QJsonDocument(chunk).toJson(QJsonDocument::Compact) + "\n\n";
}

QByteArray wavHeader24k(qsizetype dataBytes)
{
    QByteArray h("RIFF....WAVEfmt ");
    auto le32 = [&h](quint32 v) {
        char b[4];
        qToLittleEndian(v, b);
        h.append(b, 4);
    };
    auto le16 = [&h](quint16 v) {
        char b[2];
        qToLittleEndian(v, b);
        h.append(b, 2);
    };
    le32(16);
    le16(1);
    le16(1);
    le32(24000);
    le32(48000);
    le16(2);
    le16(16);
    h.append("data");
    le32(quint32(dataBytes));
    qToLittleEndian(quint32(36 + dataBytes), h.data() + 4);
    return h;
}

} // namespace

OpenAiFakeServer::OpenAiFakeServer(QObject *parent) : LocalHttpServer(parent)
{
    setHandler([this](const HttpRequest &request, HttpExchange *exchange) { handle(request, exchange); });
}

void OpenAiFakeServer::setChatTokens(const QStringList &tokens, int delayMs, int stallAfter)
{
    tokens_ = tokens;
    delayMs_ = delayMs;
    stallAfter_ = stallAfter;
}

void OpenAiFakeServer::handle(const HttpRequest &request, HttpExchange *exchange)
{
    lastAuthorization_ = request.headers.value("authorization");
    if (errorStatus_) {
        exchange->respond(errorStatus_, "application/json",
                          R"({"error":{"message":"scripted failure","type":"server_error"}})");
        return;
    }
    if (request.method != "POST") {
        exchange->respond(405, "application/json", R"({"error":{"message":"method not allowed"}})");
        return;
    }
    if (request.path == "/v1/audio/transcriptions") {
        lastUpload_ = parseMultipart(request.headers.value("content-type"), request.body);
        if (!lastUpload_.contains("file") || !lastUpload_.contains("model")) {
            exchange->respond(400, "application/json",
                              R"({"error":{"message":"file and model are required"}})");
            return;
        }
        exchange->respond(
            200, "application/json",
            QJsonDocument(QJsonObject{{"text", transcription_}}).toJson(QJsonDocument::Compact));
        return;
    }
    lastJson_ = QJsonDocument::fromJson(request.body).object();
    if (request.path == "/v1/chat/completions") {
        if (!lastJson_.value("stream").toBool() || !lastJson_.value("messages").isArray()) {
            exchange->respond(400, "application/json",
                              R"({"error":{"message":"stream and messages required"}})");
            return;
        }
        streamChat(exchange);
        return;
    }
    if (request.path == "/v1/audio/speech") {
        if (lastJson_.value("input").toString().isEmpty()) {
            exchange->respond(400, "application/json", R"({"error":{"message":"input is required"}})");
            return;
        }
        streamSpeech(exchange, lastJson_.value("response_format").toString(QStringLiteral("mp3")));
        return;
    }
    exchange->respond(404, "application/json", R"({"error":{"message":"unknown endpoint"}})");
}

void OpenAiFakeServer::streamChat(HttpExchange *exchange)
{
    exchange->startStream(200, "text/event-stream");
    exchange->write(": keep-alive comment, ignored by clients\n\n");
    exchange->write(chunkEvent(QJsonObject{{"role", "assistant"}, {"content", ""}}, QJsonValue::Null));
    auto index = std::make_shared<int>(0);
    auto *timer = new QTimer(exchange);
    timer->setInterval(delayMs_);
    const QStringList tokens = tokens_;
    const int stallAfter = stallAfter_;
    connect(timer, &QTimer::timeout, exchange, [exchange, timer, index, tokens, stallAfter] {
        if (stallAfter >= 0 && *index >= stallAfter) {
            timer->stop(); // silent, connection left open: the client's time-out must fire
            return;
        }
        if (*index < tokens.size()) {
            exchange->write(chunkEvent(QJsonObject{{"content", tokens.at(*index)}}, QJsonValue::Null));
            ++*index;
            return;
        }
        timer->stop();
        exchange->write(chunkEvent(QJsonObject{}, QStringLiteral("stop")));
        exchange->write("data: [DONE]\n\n");
        exchange->close();
    });
    timer->start();
}

void OpenAiFakeServer::streamSpeech(HttpExchange *exchange, const QString &format)
{
    if (format != QLatin1String("pcm") && format != QLatin1String("wav")) {
        exchange->respond(400, "application/json",
                          R"({"error":{"message":"local server speaks pcm and wav only"}})");
        return;
    }
    QByteArray payload = speechPcm_;
    if (format == QLatin1String("wav"))
        payload.prepend(wavHeader24k(payload.size()));
    exchange->startStream(200, format == QLatin1String("wav") ? "audio/wav" : "audio/pcm");
    // Odd-sized pieces: the client must cope with samples split across reads.
    auto offset = std::make_shared<qsizetype>(0);
    auto *timer = new QTimer(exchange);
    timer->setInterval(2);
    connect(timer, &QTimer::timeout, exchange, [exchange, timer, offset, payload] {
        const qsizetype piece = 4801;
        exchange->write(payload.mid(*offset, piece));
        *offset += piece;
        if (*offset >= payload.size()) {
            timer->stop();
            exchange->close();
        }
    });
    timer->start();
}

} // namespace spk::testsupport
