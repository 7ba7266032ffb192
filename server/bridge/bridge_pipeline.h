#pragma once
// The voice pipeline as the bridge uses it: PipelineServices (every stage built from PipelineConfig:
// ASR manager, intents, LLM, dialogue, TTS and its speech queue) plus the ReplyEngine over them (or
// EchoKit's, when an EchoKit server runs whole turns). Construction only: the logic lives in
// server/pipeline and in the bridge's conversation.
#include "server/core/pipeline_config.h"

#include <QString>
#include <memory>

namespace spk::server {
class ReplyEngine;
namespace pipeline {
class AsrBackend;
}

class BridgePipeline
{
public:
    // nullptr + *error for an invalid config or a stage that cannot load (e.g. missing model files).
    static std::unique_ptr<BridgePipeline> create(const pipeline::PipelineConfig &config, QString *error);
    ~BridgePipeline();

    pipeline::AsrBackend &asr();
    ReplyEngine &reply();

private:
    BridgePipeline();
    struct Parts;
    std::unique_ptr<Parts> p_;
};

} // namespace spk::server
