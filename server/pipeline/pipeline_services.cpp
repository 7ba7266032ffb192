#include "server/pipeline/pipeline_services.h"

#include "server/core/config_rules.h"
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

PipelineServices::PipelineServices(const PipelineConfig &config, const PipelineChoices &choices,
                                   QObject *parent)
    : QObject(parent), config_(config), choices_(choices), intents_(std::make_shared<IntentRecognizer>())
{
}

PipelineServices::~PipelineServices()
{
    // Users of the backends go first.
    delete speech_;
    delete dialogue_;
    delete asr_;
}

std::unique_ptr<PipelineServices> PipelineServices::create(const PipelineConfig &config, QString *error,
                                                           QObject *parent)
{
    // spkd's loader has checked these already, naming the keys (asr.primary). A config built in code has
    // no keys: its errors name the field as ServerConfig holds it (pipeline.asr.primary).
    const QString field = QStringLiteral("pipeline.");
    const std::optional<PipelineChoices> choices = parsePipelineChoices(config, field, error);
    if (!choices)
        return nullptr;
    *error = checkPipelineRules(config, *choices, field);
    if (!error->isEmpty())
        return nullptr;
    for (const QString &lang : config.dialogue.languages) // not a key: only code sets the languages
        if (lang != QLatin1String("en") && lang != QLatin1String("zh")) {
            *error = field + QStringLiteral("dialogue.languages: unknown language '%1' (en, zh)").arg(lang);
            return nullptr;
        }
    std::unique_ptr<PipelineServices> p(new PipelineServices(config, *choices, parent));
    if (!p->intents_->loadLanguages(config.dialogue.intentsDir, config.dialogue.languages, error))
        return nullptr;

    AsrBackend *primary = p->createAsr(choices->primary, error);
    if (!primary)
        return nullptr;
    AsrBackend *fallback = nullptr;
    if (choices->fallback && !(fallback = p->createAsr(*choices->fallback, error)))
        return nullptr;
    p->asr_ =
        new AsrManager(primary, fallback, config.asr.finalTimeoutMs, config.asr.maxUtteranceMs, p.get());

    if (config.llm.enabled)
        p->llm_ = new LlmChatClient(config.llm, p.get());
    p->dialogue_ = new DialogueManager(p->intents_, p->llm_, config.dialogue.volumeStep, p.get());

    switch (choices->tts) {
    case TtsBackendKind::OpenAi:
        p->tts_ = new OpenAiSpeechBackend(config.tts.openai, config.tts.openaiFormat, config.tts.voiceEn,
                                          config.asr.unhealthyBackoffMs, p.get());
        break;
    case TtsBackendKind::Null:
        p->tts_ = new NullTtsBackend(p.get());
        break;
    case TtsBackendKind::Espeak:
        p->tts_ = new EspeakTtsBackend(config.tts.espeakRate, config.tts.voiceEn, p.get());
        if (!p->tts_->healthy()) {
            *error = QStringLiteral("espeak-ng could not be initialized (is espeak-ng-data installed?)");
            return nullptr;
        }
        break;
    }
    p->speech_ = new SpeechQueue(p->tts_, p.get());
    qCInfo(lcPipelineAsr) << "pipeline ready: asr" << p->asr_->name() << "llm"
                          << (p->llm_ ? config.llm.endpoint.model : QStringLiteral("off")) << "tts"
                          << p->tts_->name();
    return p;
}

AsrBackend *PipelineServices::createAsr(AsrBackendKind kind, QString *error)
{
    const AsrConfig &a = config_.asr;
    switch (kind) {
    case AsrBackendKind::OpenAi:
        return new OpenAiTranscriptionBackend(a.openai, a.unhealthyBackoffMs, this);
    case AsrBackendKind::Null:
        return new NullAsrBackend(this);
    case AsrBackendKind::Grpc: // spk-asrd, or any service speaking server/pipeline/asr/proto
        return new GrpcAsrBackend(a.grpc, a.unhealthyBackoffMs, this);
    case AsrBackendKind::EchoKit: // the whole turn: docs/echokit.md
        return echokit_ = new EchoKitBackend(a.echokit, a.unhealthyBackoffMs, this);
    case AsrBackendKind::Pocketsphinx:
        break;
    }
    std::shared_ptr<PocketsphinxDecoders> decoders = PocketsphinxDecoders::load(a.pocketsphinx, error);
    if (!decoders)
        return nullptr;
    const bool grammar = choices_.pocketsphinxMode == PocketsphinxMode::Grammar;
    if (grammar) {
        // Command mode: only the intent sentences can be recognized - fast and robust.
        const QString jsgf =
            intents_->commandGrammar(a.language, [&](const QString &w) { return decoders->knowsWord(w); });
        if (jsgf.isEmpty()) {
            *error = QStringLiteral("asr.pocketsphinx.mode=grammar: no intent sentence of language "
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
    return language == QLatin1String("zh") ? config_.tts.voiceZh : config_.tts.voiceEn;
}

} // namespace spk::server::pipeline
