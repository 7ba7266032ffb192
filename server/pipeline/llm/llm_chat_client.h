#pragma once
// Streaming chat completions from an OpenAI-compatible server (OpenAI, llama.cpp server, vLLM,
// Ollama's /v1): POST {base}/chat/completions with "stream": true, read the server-sent events as
// they arrive, emit each content token and each complete sentence. Two time-outs: the first token
// (the server is stuck or overloaded) and the whole reply.
#include "server/core/pipeline_config.h"
#include "server/pipeline/llm/sentence_splitter.h"
#include "server/pipeline/llm/sse_parser.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

#include <memory>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

namespace spk::server::pipeline {

struct ChatMessage
{
    QString role; // system | user | assistant
    QString content;
};

class LlmChatClient : public QObject
{
    Q_OBJECT
public:
    explicit LlmChatClient(const LlmConfig &config, QObject *parent = nullptr);
    ~LlmChatClient() override;

    const LlmConfig &config() const { return config_; }
    // Starts a completion; everything after arrives by signal. A running request id is refused.
    void start(const QString &requestId, const QList<ChatMessage> &messages);
    void cancel(const QString &requestId);
    int activeRequests() const { return int(requests_.size()); }

signals:
    void token(const QString &requestId, const QString &text);
    void sentence(const QString &requestId, const QString &text);
    void finished(const QString &requestId, const QString &fullText);
    // After failed, no more signals for the request. Sentences already emitted stay valid.
    void failed(const QString &requestId, const QString &message);

private:
    struct Request;
    void onReadyRead(const QString &requestId);
    void onReplyFinished(const QString &requestId);
    void handleEvent(const QString &requestId, Request &request, const QByteArray &data);
    void complete(const QString &requestId);
    void fail(const QString &requestId, const QString &message);

    LlmConfig config_;
    QNetworkAccessManager *network_;
    QHash<QString, std::shared_ptr<Request>> requests_;
};

} // namespace spk::server::pipeline
