#pragma once
// Builds the voice pipeline's stages from PipelineConfig for the bridge, and owns them: the ASR
// manager (primary + fallback backend), the intent recognizer, the LLM client (when enabled), the
// dialogue manager, TTS and its per-session speech queue, and the ReplyEngine over them.
// Construction only: the logic lives in server/pipeline and in the bridge's conversation.
#include "server/pipeline/pipeline_config.h"

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
    std::unique_ptr<Parts> p;
};

} // namespace spk::server
