#include "server/bridge/pipeline_reply_engine.h"

#include "server/core/logging.h"
#include "server/pipeline/dialogue/dialogue_manager.h"
#include "server/pipeline/tts/speech_queue.h"

namespace spk::server {

PipelineReplyEngine::PipelineReplyEngine(pipeline::DialogueManager &dialogue, pipeline::SpeechQueue &speech,
                                         pipeline::TtsConfig tts, QObject *parent)
    : ReplyEngine(parent), dialogue_(dialogue), speech_(speech), tts_(std::move(tts))
{
    connect(&dialogue_, &pipeline::DialogueManager::sentenceReady, this, &PipelineReplyEngine::onSentence);
    connect(&dialogue_, &pipeline::DialogueManager::actionRequested, this, &PipelineReplyEngine::onAction);
    connect(&dialogue_, &pipeline::DialogueManager::finished, this, &PipelineReplyEngine::onDialogueFinished);
    connect(&speech_, &pipeline::SpeechQueue::audio, this, [this](const QString &id, const QByteArray &pcm) {
        if (turns_.contains(id))
            emit audio(id, pcm);
    });
    connect(&speech_, &pipeline::SpeechQueue::sentenceFailed, this,
            [](const QString &id, const QString &text, const QString &message) {
                qCWarning(lcBridge).noquote() << "turn" << id << "could not speak" << text << ":" << message;
            });
    connect(&speech_, &pipeline::SpeechQueue::drained, this, &PipelineReplyEngine::onDrained);
}

void PipelineReplyEngine::start(const ReplyRequest &request)
{
    cancel(request.turnId);
    turns_.insert(request.turnId, {});
    pipeline::DeviceContext context;
    context.deviceId = request.deviceId;
    for (const ReplyTurn &t : request.history)
        context.history.append({t.userQuery, t.aiResponse});
    context.state.volume = request.volume.value_or(-1);
    context.state.battery = request.battery.value_or(-1);
    context.state.online = request.online;
    dialogue_.handle(request.turnId, request.transcript, context);
}

void PipelineReplyEngine::cancel(const QString &turnId)
{
    if (turns_.remove(turnId) == 0)
        return;
    dialogue_.cancel(turnId);
    speech_.cancel(turnId);
}

QString PipelineReplyEngine::voiceFor(const QString &language) const
{
    return language.startsWith(QLatin1String("zh")) ? tts_.voiceZh : tts_.voiceEn;
}

void PipelineReplyEngine::onSentence(const QString &id, const QString &sentence, const QString &language)
{
    auto it = turns_.find(id);
    if (it == turns_.end())
        return;
    if (!it->spokeFirst) {
        it->spokeFirst = true;
        emit firstToken(id); // the dialogue's first words (an intent answer, or the LLM's first sentence)
    }
    emit this->sentence(id, sentence);
    ++it->pendingSentences;
    speech_.enqueue(id, sentence, voiceFor(language));
}

void PipelineReplyEngine::onAction(const QString &id, const pipeline::DialogueAction &a)
{
    if (!turns_.contains(id))
        return;
    if (a.type == pipeline::DialogueAction::Type::SetVolume)
        emit action(id, {{QStringLiteral("type"), QStringLiteral("set_volume")},
                         {QStringLiteral("volume"), a.volume}});
    // Stop: nothing to execute; the turn simply ends (usually without speech).
}

void PipelineReplyEngine::onDialogueFinished(const QString &id, const pipeline::DialogueResult &result)
{
    auto it = turns_.find(id);
    if (it == turns_.end())
        return;
    it->dialogueDone = true;
    it->text = result.text;
    if (!result.error.isEmpty())
        qCInfo(lcBridge).noquote() << "turn" << id << "LLM failed (apology spoken):" << result.error;
    finishIfDone(id);
}

void PipelineReplyEngine::onDrained(const QString &id)
{
    auto it = turns_.find(id);
    if (it == turns_.end())
        return;
    it->pendingSentences = 0;
    finishIfDone(id);
}

void PipelineReplyEngine::finishIfDone(const QString &id)
{
    const auto it = turns_.constFind(id);
    if (it == turns_.cend() || !it->dialogueDone || (it->pendingSentences > 0 && !speech_.isIdle(id)))
        return;
    const QString text = it->text;
    turns_.remove(id);
    emit finished(id, text);
}

} // namespace spk::server
