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

    AsrManager *asr() const { return m_asr; } // primary + fallback
    DialogueManager *dialogue() const { return m_dialogue; }
    TtsBackend *tts() const { return m_tts; }
    SpeechQueue *speech() const { return m_speech; } // ordered TTS per session
    LlmChatClient *llm() const { return m_llm; }     // null when llm.enabled is false
    // The EchoKit server backend when asr.primary or asr.fallback is echokit (it runs whole turns).
    EchoKitBackend *echokit() const { return m_echokit; }
    std::shared_ptr<const IntentRecognizer> intents() const { return m_intents; }
    const PipelineConfig &config() const { return m_config; }

    // The TTS voice for a reply language ("zh" -> tts.voice_zh, anything else -> tts.voice_en).
    QString voiceFor(const QString &language) const;

private:
    PipelineServices(const PipelineConfig &config, const PipelineChoices &choices, QObject *parent);
    AsrBackend *createAsr(AsrBackendKind kind, QString *error);

    PipelineConfig m_config;
    PipelineChoices m_choices;
    std::shared_ptr<IntentRecognizer> m_intents;
    AsrManager *m_asr = nullptr;
    DialogueManager *m_dialogue = nullptr;
    TtsBackend *m_tts = nullptr;
    SpeechQueue *m_speech = nullptr;
    LlmChatClient *m_llm = nullptr;
    EchoKitBackend *m_echokit = nullptr;
};

} // namespace spk::server::pipeline
