#include "server/pipeline/dialogue/dialogue_manager.h"

#include "server/pipeline/dialogue/text_tokens.h"
#include "server/pipeline/llm/llm_chat_client.h"
#include "server/pipeline/pipeline_logging.h"

namespace spk::server::pipeline {

namespace {
constexpr qsizetype kMaxTranscriptChars = 2000;
}

DialogueManager::DialogueManager(std::shared_ptr<const IntentRecognizer> intents, LlmChatClient *llm,
                                 int volumeStep, QObject *parent)
    : QObject(parent), intents_(std::move(intents)), llm_(llm), responder_(volumeStep),
      clock_([] { return QDateTime::currentDateTime(); })
{
    if (!intents_) // no catalogs: every request goes to the LLM or the generic fallback
        intents_ = std::make_shared<IntentRecognizer>();
    qRegisterMetaType<DialogueAction>();
    qRegisterMetaType<DialogueResult>();
    if (!llm_)
        return;
    connect(llm_, &LlmChatClient::sentence, this, [this](const QString &requestId, const QString &text) {
        const QString session = sessionOf(requestId);
        if (session.isEmpty())
            return;
        LlmTurn &turn = llmRequests_[session];
        turn.spoken << text;
        emit sentenceReady(session, text, turn.result.language);
    });
    connect(llm_, &LlmChatClient::finished, this, [this](const QString &requestId, const QString &text) {
        const QString session = sessionOf(requestId);
        if (session.isEmpty())
            return;
        LlmTurn turn = llmRequests_.take(session);
        turn.result.text = text;
        emit finished(session, turn.result);
    });
    connect(llm_, &LlmChatClient::failed, this, [this](const QString &requestId, const QString &message) {
        const QString session = sessionOf(requestId);
        if (session.isEmpty())
            return;
        LlmTurn turn = llmRequests_.take(session);
        const QString apology = systemResponse(turn.result.language, QStringLiteral("llm_error"));
        turn.spoken << apology;
        turn.result.text = turn.spoken.join(QLatin1Char(' '));
        turn.result.error = message;
        emit sentenceReady(session, apology, turn.result.language);
        emit finished(session, turn.result);
    });
}

DialogueManager::~DialogueManager()
{
    const QStringList sessions = llmRequests_.keys();
    for (const QString &s : sessions)
        cancel(s);
}

void DialogueManager::handle(const QString &sessionId, const QString &transcript,
                             const DeviceContext &context)
{
    if (llmRequests_.contains(sessionId)) {
        qCInfo(lcPipelineDialogue) << "session" << sessionId
                                   << "new utterance replaces the unfinished answer";
        cancel(sessionId);
    }
    const QString text = transcript.left(kMaxTranscriptChars).simplified();
    const QString defaultLanguage = intents_->languages().value(0, QStringLiteral("en"));
    const QString language = containsCjk(text) && intents_->languages().contains(QLatin1String("zh"))
                                 ? QStringLiteral("zh")
                                 : defaultLanguage;
    if (tokenizeForIntents(text).isEmpty()) {
        DialogueResult r;
        r.language = language;
        r.text = systemResponse(language, QStringLiteral("no_speech"));
        return answerNow(sessionId, r);
    }
    if (const std::optional<IntentMatch> match = intents_->recognize(text)) {
        qCDebug(lcPipelineDialogue) << "session" << sessionId << "intent" << match->intent
                                    << match->slotValues;
        return answerNow(sessionId,
                         responder_.respond(*match, *intents_->catalog(match->language), context, clock_()));
    }
    if (llm_)
        return askLlm(sessionId, text, context, language);
    DialogueResult r;
    r.language = language;
    r.text = systemResponse(language, QStringLiteral("fallback"));
    answerNow(sessionId, r);
}

void DialogueManager::cancel(const QString &sessionId)
{
    const LlmTurn turn = llmRequests_.take(sessionId);
    if (llm_ && !turn.requestId.isEmpty())
        llm_->cancel(turn.requestId);
}

void DialogueManager::answerNow(const QString &sessionId, const DialogueResult &result)
{
    QMetaObject::invokeMethod(
        this,
        [this, sessionId, result] {
            if (!result.action.isNone())
                emit actionRequested(sessionId, result.action);
            if (!result.text.isEmpty())
                emit sentenceReady(sessionId, result.text, result.language);
            emit finished(sessionId, result);
        },
        Qt::QueuedConnection);
}

void DialogueManager::askLlm(const QString &sessionId, const QString &transcript,
                             const DeviceContext &context, const QString &language)
{
    const LlmConfig &config = llm_->config();
    QList<ChatMessage> messages;
    QString system = config.systemPrompt;
    const DeviceState &s = context.state;
    // Device facts let the model answer "is my battery low?" without inventing numbers.
    system += QStringLiteral("\nSpeaker state: volume %1, battery %2.")
                  .arg(s.volume >= 0 ? QString::number(s.volume) : QStringLiteral("unknown"),
                       s.battery >= 0 ? QStringLiteral("%1%").arg(s.battery) : QStringLiteral("unknown"));
    messages << ChatMessage{QStringLiteral("system"), system};
    const qsizetype first = qMax<qsizetype>(0, context.history.size() - config.historyTurns);
    for (qsizetype i = first; i < context.history.size(); ++i) {
        const DialogueTurn &turn = context.history.at(i);
        if (!turn.user.isEmpty())
            messages << ChatMessage{QStringLiteral("user"), turn.user};
        if (!turn.assistant.isEmpty())
            messages << ChatMessage{QStringLiteral("assistant"), turn.assistant};
    }
    messages << ChatMessage{QStringLiteral("user"), transcript};

    LlmTurn turn;
    turn.requestId = QStringLiteral("%1#%2").arg(sessionId).arg(++nextRequest_);
    turn.result.source = DialogueResult::Source::Llm;
    turn.result.language = language;
    llmRequests_.insert(sessionId, turn);
    llm_->start(turn.requestId, messages);
}

QString DialogueManager::sessionOf(const QString &requestId) const
{
    for (auto it = llmRequests_.cbegin(); it != llmRequests_.cend(); ++it)
        if (it->requestId == requestId)
            return it.key();
    return {};
}

QString DialogueManager::systemResponse(const QString &language, const QString &key) const
{
    const auto catalog = intents_->catalog(language);
    const QString text = catalog ? catalog->response(key) : QString();
    if (!text.isEmpty())
        return text;
    return QStringLiteral("Sorry, I can't help with that right now.");
}

} // namespace spk::server::pipeline
