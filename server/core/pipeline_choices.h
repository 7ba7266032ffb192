#pragma once
// The pipeline's choice keys that pick code paths, as enums: asr.primary / asr.fallback,
// asr.pocketsphinx.mode, tts.backend. PipelineConfig keeps the strings the config holds;
// parsePipelineChoices turns them into these once, and everything after compares enums.
// (tts.openai.format stays a string: it is passed through as the speech API's response_format.)
#include "server/core/config_enum.h"
#include "server/core/pipeline_config.h"

#include <optional>

namespace spk::server {

namespace pipeline {
enum class AsrBackendKind { Pocketsphinx, OpenAi, Grpc, Null, EchoKit };
enum class PocketsphinxMode { Lm, Grammar };
enum class TtsBackendKind { Espeak, OpenAi, Null };
} // namespace pipeline

template <> struct ConfigEnum<pipeline::AsrBackendKind>
{
    using K = pipeline::AsrBackendKind;
    static constexpr ConfigEnumName<K> kNames[] = {{K::Pocketsphinx, "pocketsphinx"},
                                                   {K::OpenAi, "openai"},
                                                   {K::Grpc, "grpc"},
                                                   {K::Null, "null"},
                                                   {K::EchoKit, "echokit"}};
};
template <> struct ConfigEnum<pipeline::PocketsphinxMode>
{
    using M = pipeline::PocketsphinxMode;
    static constexpr ConfigEnumName<M> kNames[] = {{M::Lm, "lm"}, {M::Grammar, "grammar"}};
};
template <> struct ConfigEnum<pipeline::TtsBackendKind>
{
    using K = pipeline::TtsBackendKind;
    static constexpr ConfigEnumName<K> kNames[] = {
        {K::Espeak, "espeak"}, {K::OpenAi, "openai"}, {K::Null, "null"}};
};

namespace pipeline {

struct PipelineChoices
{
    AsrBackendKind primary = AsrBackendKind::Pocketsphinx;
    std::optional<AsrBackendKind> fallback; // asr.fallback empty = none
    PocketsphinxMode pocketsphinxMode = PocketsphinxMode::Lm;
    TtsBackendKind tts = TtsBackendKind::Espeak;

    bool usesAsr(AsrBackendKind kind) const { return primary == kind || fallback == kind; }
};

// nullopt and *error naming the key when a string is none of its names. Values from the file or the
// environment always parse (the key table allows only these names); code that builds a PipelineConfig
// itself gets the message here. keyPrefix goes before every key named: empty for spkd's config (the
// keys are asr.*, tts.*), "pipeline." where a PipelineConfig built in code is meant
// (ServerConfig::pipeline.asr.primary).
std::optional<PipelineChoices> parsePipelineChoices(const PipelineConfig &config, const QString &keyPrefix,
                                                    QString *error);

} // namespace pipeline
} // namespace spk::server
