#pragma once
// Builds the configured pipeline once per process and owns it: the bridge (BridgePipeline) creates one
// and wires its sessions to asr(), dialogue() and speech(). Expensive parts (pocketsphinx decoders,
// espeak-ng) are loaded here, once, and shared by all sessions. The one place that turns
// PipelineConfig into backends.
#include "server/core/pipeline_choices.h"

#include <QObject>

#include <memory>

namespace spk::server::pipeline {

class AsrBackend;
class AsrManager;
class DialogueManager;
class EchoKitBackend;
class IntentRecognizer;
class LlmChatClient;
class SpeechQueue;
class TtsBackend;

class PipelineServices : public QObject
{
    Q_OBJECT
public:
    // nullptr + *error on an invalid config or a backend that cannot start (model files missing).
    static std::unique_ptr<PipelineServices> create(const PipelineConfig &config, QString *error,
                                                    QObject *parent = nullptr);
    ~PipelineServices() override;

    AsrManager *asr() const { return asr_; } // primary + fallback
    DialogueManager *dialogue() const { return dialogue_; }
    TtsBackend *tts() const { return tts_; }
    SpeechQueue *speech() const { return speech_; } // ordered TTS per session
    LlmChatClient *llm() const { return llm_; }     // null when llm.enabled is false
    // The EchoKit server backend when asr.primary or asr.fallback is echokit (it runs whole turns).
    EchoKitBackend *echokit() const { return echokit_; }
    std::shared_ptr<const IntentRecognizer> intents() const { return intents_; }
    const PipelineConfig &config() const { return config_; }

    // The TTS voice for a reply language ("zh" -> tts.voice_zh, anything else -> tts.voice_en).
    QString voiceFor(const QString &language) const;

private:
    PipelineServices(const PipelineConfig &config, const PipelineChoices &choices, QObject *parent);
    AsrBackend *createAsr(AsrBackendKind kind, QString *error);

    PipelineConfig config_;
    PipelineChoices choices_;
    std::shared_ptr<IntentRecognizer> intents_;
    AsrManager *asr_ = nullptr;
    DialogueManager *dialogue_ = nullptr;
    TtsBackend *tts_ = nullptr;
    SpeechQueue *speech_ = nullptr;
    LlmChatClient *llm_ = nullptr;
    EchoKitBackend *echokit_ = nullptr;
};

} // namespace spk::server::pipeline
