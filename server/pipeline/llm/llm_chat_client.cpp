#include "server/pipeline/llm/llm_chat_client.h"

#include "server/pipeline/common/openai_http.h"
#include "server/pipeline/pipeline_logging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

namespace spk::server::pipeline {

namespace {
constexpr qsizetype kMaxPendingSseBytes = 1 << 20; // a line that never ends is not a reply
constexpr qsizetype kMaxReplyChars = 16000;        // a speaker never needs more
} // namespace

struct LlmChatClient::Request
{
    QPointer<QNetworkReply> reply;
    SseParser sse;
    SentenceSplitter splitter;
    QString text;
    bool gotToken = false;
    bool done = false;
    // deleteLater: a time-out may end the request from inside the timer's own signal.
    QTimer *firstTokenTimer = new QTimer;
    QTimer *totalTimer = new QTimer;
    ~Request()
    {
        for (QTimer *t : {firstTokenTimer, totalTimer}) {
            t->stop();
            t->deleteLater();
        }
    }
};

LlmChatClient::LlmChatClient(const LlmConfig &config, QObject *parent)
    : QObject(parent), config_(config), network_(new QNetworkAccessManager(this))
{
}

LlmChatClient::~LlmChatClient()
{
    const QStringList ids = requests_.keys();
    for (const QString &id : ids)
        cancel(id);
}

void LlmChatClient::start(const QString &requestId, const QList<ChatMessage> &messages)
{
    auto refuse = [this, requestId](const QString &why) {
        QMetaObject::invokeMethod(
            this, [this, requestId, why] { emit failed(requestId, why); }, Qt::QueuedConnection);
    };
    if (requestId.isEmpty())
        return refuse(QStringLiteral("empty request id"));
    if (requests_.contains(requestId))
        return refuse(QStringLiteral("request already running"));
    if (messages.isEmpty())
        return refuse(QStringLiteral("no messages"));

    QJsonArray list;
    for (const ChatMessage &m : messages)
        list.append(QJsonObject{{QStringLiteral("role"), m.role}, {QStringLiteral("content"), m.content}});
    QJsonObject body{{QStringLiteral("model"), config_.endpoint.model},
                     {QStringLiteral("messages"), list},
                     {QStringLiteral("stream"), true},
                     {QStringLiteral("temperature"), config_.temperature}};
    if (config_.maxTokens > 0)
        body.insert(QStringLiteral("max_tokens"), config_.maxTokens);
    QNetworkRequest http = openAiRequest(config_.endpoint, QStringLiteral("/chat/completions"));
    http.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    http.setRawHeader("Accept", "text/event-stream");

    auto request = std::make_shared<Request>();
    requests_.insert(requestId, request);
    QNetworkReply *reply = network_->post(http, QJsonDocument(body).toJson(QJsonDocument::Compact));
    request->reply = reply;
    connect(reply, &QNetworkReply::readyRead, this, [this, requestId] { onReadyRead(requestId); });
    connect(reply, &QNetworkReply::finished, this, [this, requestId] { onReplyFinished(requestId); });
    for (QTimer *timer : {request->firstTokenTimer, request->totalTimer})
        timer->setSingleShot(true);
    connect(request->firstTokenTimer, &QTimer::timeout, this, [this, requestId] {
        fail(
            requestId,
            QStringLiteral("no reply from the language model within %1 ms").arg(config_.firstTokenTimeoutMs));
    });
    connect(request->totalTimer, &QTimer::timeout, this, [this, requestId] {
        fail(requestId,
             QStringLiteral("the language model's reply took longer than %1 ms").arg(config_.totalTimeoutMs));
    });
    request->firstTokenTimer->start(config_.firstTokenTimeoutMs);
    request->totalTimer->start(config_.totalTimeoutMs);
}

void LlmChatClient::cancel(const QString &requestId)
{
    std::shared_ptr<Request> request = requests_.take(requestId);
    if (!request)
        return;
    request->firstTokenTimer->stop();
    request->totalTimer->stop();
    if (request->reply) {
        request->reply->disconnect(this);
        request->reply->abort();
        request->reply->deleteLater();
    }
}

void LlmChatClient::onReadyRead(const QString &requestId)
{
    const auto request = requests_.value(requestId);
    if (!request || !request->reply)
        return;
    const int status = request->reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200)
        return; // the error body is read in onReplyFinished
    const QList<QByteArray> events = request->sse.feed(request->reply->readAll());
    if (request->sse.pendingBytes() > kMaxPendingSseBytes)
        return fail(requestId, QStringLiteral("malformed event stream (unterminated line)"));
    for (const QByteArray &data : events) {
        if (!requests_.contains(requestId) || request->done)
            return;
        handleEvent(requestId, *request, data);
    }
}

void LlmChatClient::handleEvent(const QString &requestId, Request &request, const QByteArray &data)
{
    if (data.trimmed() == "[DONE]")
        return complete(requestId);
    QJsonParseError error;
    const QJsonObject chunk = QJsonDocument::fromJson(data, &error).object();
    if (error.error != QJsonParseError::NoError)
        return fail(requestId,
                    QStringLiteral("malformed event from the language model: %1").arg(error.errorString()));
    if (chunk.contains(QLatin1String("error"))) {
        const QJsonValue e = chunk.value(QLatin1String("error"));
        return fail(requestId, QStringLiteral("language model error: %1")
                                   .arg(e.isObject() ? e.toObject().value(QLatin1String("message")).toString()
                                                     : e.toString()));
    }
    const QJsonArray choices = chunk.value(QLatin1String("choices")).toArray();
    if (choices.isEmpty())
        return; // e.g. a usage-only chunk
    const QString piece = choices.at(0)
                              .toObject()
                              .value(QLatin1String("delta"))
                              .toObject()
                              .value(QLatin1String("content"))
                              .toString();
    if (piece.isEmpty())
        return;
    if (!request.gotToken) {
        request.gotToken = true;
        request.firstTokenTimer->stop();
    }
    request.text += piece;
    emit token(requestId, piece);
    if (!requests_.contains(requestId))
        return; // a slot cancelled us
    for (const QString &s : request.splitter.push(piece)) {
        emit sentence(requestId, s);
        if (!requests_.contains(requestId))
            return; // a slot cancelled us
    }
    if (request.text.size() > kMaxReplyChars)
        complete(requestId);
}

void LlmChatClient::onReplyFinished(const QString &requestId)
{
    const auto request = requests_.value(requestId);
    if (!request || !request->reply)
        return;
    QNetworkReply *reply = request->reply;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() != QNetworkReply::NoError || status != 200)
        return fail(requestId, openAiErrorText(reply, reply->readAll()));
    onReadyRead(requestId); // anything left in the buffer
    if (!requests_.contains(requestId))
        return;
    // Some servers close without "[DONE]": what arrived is the reply.
    if (request->gotToken)
        complete(requestId);
    else
        fail(requestId, QStringLiteral("the language model ended the stream without a reply"));
}

void LlmChatClient::complete(const QString &requestId)
{
    std::shared_ptr<Request> request = requests_.value(requestId);
    if (!request || request->done)
        return;
    request->done = true;
    const QStringList rest = request->splitter.flush();
    const QString text = request->text.trimmed();
    cancel(requestId);
    for (const QString &s : rest)
        emit sentence(requestId, s);
    emit finished(requestId, text);
}

void LlmChatClient::fail(const QString &requestId, const QString &message)
{
    if (!requests_.contains(requestId))
        return;
    cancel(requestId);
    qCWarning(lcPipelineLlm) << "request" << requestId << "failed:" << message;
    emit failed(requestId, message);
}

} // namespace spk::server::pipeline
