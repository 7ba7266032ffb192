#pragma once
// From a final transcript to what the speaker says and does: the offline intent engine first; if no
// intent matches, the LLM (when configured) with the device's last turns; else a polite fallback.
// Replies stream as sentences (sentenceReady) so TTS can start before an LLM has finished.
// Per handle(): [actionRequested] sentenceReady* finished - always from the event loop, never
// from inside handle(). A new handle() for a session still answering replaces the old answer.
#include "server/pipeline/dialogue/dialogue_types.h"
#include "server/pipeline/dialogue/intent_recognizer.h"
#include "server/pipeline/dialogue/intent_responder.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>

namespace spk::server::pipeline {

class LlmChatClient;

class DialogueManager : public QObject
{
    Q_OBJECT
public:
    // llm may be null (no LLM configured); it is not owned.
    DialogueManager(std::shared_ptr<const IntentRecognizer> intents, LlmChatClient *llm, int volumeStep = 10,
                    QObject *parent = nullptr);
    ~DialogueManager() override;

    void handle(const QString &sessionId, const QString &transcript, const DeviceContext &context);
    void cancel(const QString &sessionId);
    bool isBusy(const QString &sessionId) const { return llmRequests_.contains(sessionId); }

    // For tests: the clock GetTime/GetDate read.
    void setClock(std::function<QDateTime()> clock) { clock_ = std::move(clock); }

signals:
    void actionRequested(const QString &sessionId, const spk::server::pipeline::DialogueAction &action);
    void sentenceReady(const QString &sessionId, const QString &sentence, const QString &language);
    void finished(const QString &sessionId, const spk::server::pipeline::DialogueResult &result);

private:
    struct LlmTurn
    {
        QString requestId;
        DialogueResult result;
        QStringList spoken;
    };
    void answerNow(const QString &sessionId, const DialogueResult &result);
    void askLlm(const QString &sessionId, const QString &transcript, const DeviceContext &context,
                const QString &language);
    QString sessionOf(const QString &requestId) const;
    QString systemResponse(const QString &language, const QString &key) const;

    std::shared_ptr<const IntentRecognizer> intents_;
    QPointer<LlmChatClient> llm_;
    IntentResponder responder_;
    std::function<QDateTime()> clock_;
    QHash<QString, LlmTurn> llmRequests_; // by session id
    quint64 nextRequest_ = 0;
};

} // namespace spk::server::pipeline
