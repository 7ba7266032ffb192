#include "server/bridge/bridge_pipeline.h"

#include "server/bridge/pipeline_reply_engine.h"
#include "server/core/logging.h"
#include "server/pipeline/asr/asr_manager.h"
#include "server/pipeline/asr/grpc_asr_backend.h"
#include "server/pipeline/asr/null_asr_backend.h"
#include "server/pipeline/asr/openai_transcription_backend.h"
#include "server/pipeline/asr/pocketsphinx_backend.h"
#include "server/pipeline/asr/pocketsphinx_decoders.h"
#include "server/pipeline/dialogue/dialogue_manager.h"
#include "server/pipeline/dialogue/intent_recognizer.h"
#include "server/pipeline/echokit/echokit_backend.h"
#include "server/pipeline/echokit/echokit_reply_engine.h"
#include "server/pipeline/llm/llm_chat_client.h"
#include "server/pipeline/tts/espeak_tts_backend.h"
#include "server/pipeline/tts/null_tts_backend.h"
#include "server/pipeline/tts/openai_speech_backend.h"
#include "server/pipeline/tts/speech_queue.h"

namespace spk::server {

using namespace spk::server::pipeline;

struct BridgePipeline::Parts
{
    std::shared_ptr<PocketsphinxDecoders> decoders;
    std::unique_ptr<AsrBackend> primary, fallback;
    std::unique_ptr<AsrManager> asr;
    std::unique_ptr<LlmChatClient> llm;
    std::unique_ptr<DialogueManager> dialogue;
    std::unique_ptr<TtsBackend> tts;
    std::unique_ptr<SpeechQueue> speech;
    std::unique_ptr<PipelineReplyEngine> reply;
    EchoKitBackend *echokit = nullptr;                // primary or fallback, when configured
    std::unique_ptr<EchoKitReplyEngine> echokitReply; // EchoKit's replies, else `reply`

    ~Parts()
    {
        // Users before what they use.
        echokitReply.reset();
        reply.reset();
        speech.reset();
        tts.reset();
        dialogue.reset();
        llm.reset();
        asr.reset();
        fallback.reset();
        primary.reset();
    }

    std::unique_ptr<AsrBackend> makeAsr(const QString &name, const PipelineConfig &config,
                                        const IntentRecognizer &intents, QString *error)
    {
        if (name.isEmpty())
            return nullptr;
        if (name == QLatin1String("pocketsphinx")) {
            if (!decoders) {
                std::unique_ptr<PocketsphinxDecoders> loaded =
                    PocketsphinxDecoders::load(config.asr.pocketsphinx, error);
                if (!loaded)
                    return nullptr;
                decoders = std::move(loaded);
                if (config.asr.pocketsphinx.mode == QLatin1String("grammar")) {
                    const QString jsgf = intents.commandGrammar(
                        config.asr.language, [this](const QString &w) { return decoders->knowsWord(w); });
                    if (jsgf.isEmpty() || !decoders->setGrammar(jsgf, error)) {
                        if (error->isEmpty())
                            *error = QStringLiteral("no intent sentence fits the pocketsphinx dictionary");
                        return nullptr;
                    }
                }
            }
            return std::make_unique<PocketsphinxBackend>(decoders, config.asr.pocketsphinx.partialIntervalMs,
                                                         config.asr.pocketsphinx.mode ==
                                                             QLatin1String("grammar"));
        }
        if (name == QLatin1String("null"))
            return std::make_unique<NullAsrBackend>();
        if (name == QLatin1String("openai"))
            return std::make_unique<OpenAiTranscriptionBackend>(config.asr.openai,
                                                                config.asr.unhealthyBackoffMs);
        if (name == QLatin1String("grpc")) // spk-asrd, or any service speaking server/pipeline/asr/proto
            return std::make_unique<GrpcAsrBackend>(config.asr.grpc, config.asr.unhealthyBackoffMs);
        if (name == QLatin1String("echokit")) { // the whole turn: docs/echokit.md
            auto backend =
                std::make_unique<EchoKitBackend>(config.asr.echokit, config.asr.unhealthyBackoffMs);
            echokit = backend.get();
            return backend;
        }
        *error = QStringLiteral("pipeline.asr: backend '%1' is not available in this build").arg(name);
        return nullptr;
    }
};

BridgePipeline::BridgePipeline() : p(std::make_unique<Parts>()) {}

BridgePipeline::~BridgePipeline() = default;

AsrBackend &BridgePipeline::asr()
{
    return *p->asr;
}

ReplyEngine &BridgePipeline::reply()
{
    if (p->echokitReply)
        return *p->echokitReply;
    return *p->reply;
}

std::unique_ptr<BridgePipeline> BridgePipeline::create(const PipelineConfig &config, QString *error)
{
    if (const QString invalid = validatePipelineConfig(config); !invalid.isEmpty()) {
        *error = invalid;
        return nullptr;
    }
    std::unique_ptr<BridgePipeline> bp(new BridgePipeline);
    Parts &p = *bp->p;

    auto intents = std::make_shared<IntentRecognizer>();
    if (!intents->loadLanguages(config.dialogue.intentsDir, config.dialogue.languages, error))
        return nullptr;

    p.primary = p.makeAsr(config.asr.primary, config, *intents, error);
    if (!p.primary)
        return nullptr;
    if (!config.asr.fallback.isEmpty()) {
        p.fallback = p.makeAsr(config.asr.fallback, config, *intents, error);
        if (!p.fallback)
            return nullptr;
    }
    p.asr = std::make_unique<AsrManager>(p.primary.get(), p.fallback.get(), config.asr.finalTimeoutMs,
                                         config.asr.maxUtteranceMs);

    if (config.llm.enabled)
        p.llm = std::make_unique<LlmChatClient>(config.llm);
    p.dialogue = std::make_unique<DialogueManager>(intents, p.llm.get(), config.dialogue.volumeStep);

    if (config.tts.backend == QLatin1String("openai"))
        p.tts = std::make_unique<OpenAiSpeechBackend>(config.tts.openai, config.tts.openaiFormat,
                                                      config.tts.voiceEn);
    else if (config.tts.backend == QLatin1String("null"))
        p.tts = std::make_unique<NullTtsBackend>();
    else
        p.tts = std::make_unique<EspeakTtsBackend>(config.tts.espeakRate, config.tts.voiceEn);
    if (!p.tts->healthy() && config.tts.backend != QLatin1String("openai")) {
        *error = QStringLiteral("espeak-ng could not be initialised (is espeak-ng-data installed?)");
        return nullptr;
    }
    p.speech = std::make_unique<SpeechQueue>(p.tts.get());
    p.reply = std::make_unique<PipelineReplyEngine>(*p.dialogue, *p.speech, config.tts);
    if (p.echokit)
        p.echokitReply = std::make_unique<EchoKitReplyEngine>(*p.echokit, *p.reply);
    qCInfo(lcBridge).noquote() << "pipeline: ASR" << p.asr->name() << ", TTS" << p.tts->name() << ", LLM"
                               << (p.llm ? config.llm.endpoint.baseUrl : QStringLiteral("off"));
    return bp;
}

} // namespace spk::server
