#include "server/pipeline/pipeline_services.h"

#include "server/pipeline/asr/asr_manager.h"
#include "server/pipeline/asr/grpc_asr_backend.h"
#include "server/pipeline/asr/null_asr_backend.h"
#include "server/pipeline/asr/openai_transcription_backend.h"
#include "server/pipeline/asr/pocketsphinx_backend.h"
#include "server/pipeline/asr/pocketsphinx_decoders.h"
#include "server/pipeline/dialogue/dialogue_manager.h"
#include "server/pipeline/dialogue/intent_recognizer.h"
#include "server/pipeline/echokit/echokit_backend.h"
#include "server/pipeline/llm/llm_chat_client.h"
#include "server/pipeline/pipeline_logging.h"
#include "server/pipeline/tts/espeak_tts_backend.h"
#include "server/pipeline/tts/null_tts_backend.h"
#include "server/pipeline/tts/openai_speech_backend.h"
#include "server/pipeline/tts/speech_queue.h"

namespace spk::server::pipeline {

PipelineServices::PipelineServices(const PipelineConfig &config, QObject *parent)
    : QObject(parent), m_config(config), m_intents(std::make_shared<IntentRecognizer>())
{
}

PipelineServices::~PipelineServices()
{
    // Users of the backends go first.
    delete m_speech;
    delete m_dialogue;
    delete m_asr;
}

std::unique_ptr<PipelineServices> PipelineServices::create(const PipelineConfig &config, QString *error,
                                                           QObject *parent)
{
    *error = validatePipelineConfig(config);
    if (!error->isEmpty())
        return nullptr;
    std::unique_ptr<PipelineServices> p(new PipelineServices(config, parent));
    if (!p->m_intents->loadLanguages(config.dialogue.intentsDir, config.dialogue.languages, error))
        return nullptr;

    AsrBackend *primary = p->createAsr(config.asr.primary, error);
    if (!primary)
        return nullptr;
    AsrBackend *fallback = nullptr;
    if (!config.asr.fallback.isEmpty() && !(fallback = p->createAsr(config.asr.fallback, error)))
        return nullptr;
    p->m_asr =
        new AsrManager(primary, fallback, config.asr.finalTimeoutMs, config.asr.maxUtteranceMs, p.get());

    if (config.llm.enabled)
        p->m_llm = new LlmChatClient(config.llm, p.get());
    p->m_dialogue = new DialogueManager(p->m_intents, p->m_llm, config.dialogue.volumeStep, p.get());

    if (config.tts.backend == QLatin1String("openai")) {
        p->m_tts = new OpenAiSpeechBackend(config.tts.openai, config.tts.openaiFormat, config.tts.voiceEn,
                                           config.asr.unhealthyBackoffMs, p.get());
    } else if (config.tts.backend == QLatin1String("null")) {
        p->m_tts = new NullTtsBackend(p.get());
    } else {
        p->m_tts = new EspeakTtsBackend(config.tts.espeakRate, config.tts.voiceEn, p.get());
        if (!p->m_tts->healthy()) {
            *error = QStringLiteral("espeak-ng could not be initialized (is espeak-ng-data installed?)");
            return nullptr;
        }
    }
    p->m_speech = new SpeechQueue(p->m_tts, p.get());
    qCInfo(lcPipelineAsr) << "pipeline ready: asr" << p->m_asr->name() << "llm"
                          << (p->m_llm ? config.llm.endpoint.model : QStringLiteral("off")) << "tts"
                          << p->m_tts->name();
    return p;
}

AsrBackend *PipelineServices::createAsr(const QString &name, QString *error)
{
    const AsrConfig &a = m_config.asr;
    if (name == QLatin1String("openai"))
        return new OpenAiTranscriptionBackend(a.openai, a.unhealthyBackoffMs, this);
    if (name == QLatin1String("null"))
        return new NullAsrBackend(this);
    if (name == QLatin1String("grpc")) // spk-asrd, or any service speaking server/pipeline/asr/proto
        return new GrpcAsrBackend(a.grpc, a.unhealthyBackoffMs, this);
    if (name == QLatin1String("echokit")) // the whole turn: docs/echokit.md
        return m_echokit = new EchoKitBackend(a.echokit, a.unhealthyBackoffMs, this);
    if (name != QLatin1String("pocketsphinx")) {
        *error = QStringLiteral("pipeline.asr: backend '%1' is not available in this build").arg(name);
        return nullptr;
    }
    std::shared_ptr<PocketsphinxDecoders> decoders = PocketsphinxDecoders::load(a.pocketsphinx, error);
    if (!decoders)
        return nullptr;
    const bool grammar = a.pocketsphinx.mode == QLatin1String("grammar");
    if (grammar) {
        // Command mode: only the intent sentences can be recognized - fast and robust.
        const QString jsgf =
            m_intents->commandGrammar(a.language, [&](const QString &w) { return decoders->knowsWord(w); });
        if (jsgf.isEmpty()) {
            *error = QStringLiteral("pipeline.asr.pocketsphinx.mode=grammar: no intent sentence of language "
                                    "'%1' fits the pocketsphinx dictionary")
                         .arg(a.language);
            return nullptr;
        }
        if (!decoders->setGrammar(jsgf, error))
            return nullptr;
    }
    return new PocketsphinxBackend(std::move(decoders), a.pocketsphinx.partialIntervalMs, grammar, this);
}

QString PipelineServices::voiceFor(const QString &language) const
{
    return language == QLatin1String("zh") ? m_config.tts.voiceZh : m_config.tts.voiceEn;
}

} // namespace spk::server::pipeline
