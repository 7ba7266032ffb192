#pragma once
// ReplyEngine over the voice pipeline: DialogueManager decides what to say (and do), sentence by
// sentence; each sentence is queued for TTS at once (SpeechQueue keeps them in order), so the first
// audio leaves while an LLM is still writing the rest. The turn is finished when the dialogue has
// finished AND every queued sentence has been synthesized.
#include "server/bridge/reply_engine.h"
#include "server/core/pipeline_config.h"
#include "server/pipeline/dialogue/dialogue_types.h"

#include <QHash>

namespace spk::server {
namespace pipeline {
class DialogueManager;
class SpeechQueue;
} // namespace pipeline

class PipelineReplyEngine : public ReplyEngine
{
    Q_OBJECT
public:
    // Not owned; both must outlive this engine.
    PipelineReplyEngine(pipeline::DialogueManager &dialogue, pipeline::SpeechQueue &speech,
                        pipeline::TtsConfig tts, QObject *parent = nullptr);

    void start(const ReplyRequest &request) override;
    void cancel(const QString &turnId) override;

private:
    struct Turn
    {
        bool spokeFirst = false;
        bool dialogueDone = false;
        int pendingSentences = 0;
        QString text;
    };
    void onSentence(const QString &id, const QString &sentence, const QString &language);
    void onAction(const QString &id, const pipeline::DialogueAction &action);
    void onDialogueFinished(const QString &id, const pipeline::DialogueResult &result);
    void onDrained(const QString &id);
    void finishIfDone(const QString &id);
    QString voiceFor(const QString &language) const;

    pipeline::DialogueManager &dialogue_;
    pipeline::SpeechQueue &speech_;
    pipeline::TtsConfig tts_;
    QHash<QString, Turn> turns_;
};

} // namespace spk::server
