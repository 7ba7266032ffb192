#include "server/bridge/bridge_pipeline.h"

#include "server/bridge/echokit_reply_engine.h"
#include "server/bridge/pipeline_reply_engine.h"
#include "server/pipeline/asr/asr_manager.h"
#include "server/pipeline/pipeline_services.h"

namespace spk::server {

using namespace spk::server::pipeline;

struct BridgePipeline::Parts
{
    std::unique_ptr<PipelineServices> services;
    std::unique_ptr<PipelineReplyEngine> reply;
    std::unique_ptr<EchoKitReplyEngine> echokitReply; // EchoKit's replies, else `reply`

    ~Parts()
    {
        // Users before what they use.
        echokitReply.reset();
        reply.reset();
        services.reset();
    }
};

BridgePipeline::BridgePipeline() : p_(std::make_unique<Parts>()) {}

BridgePipeline::~BridgePipeline() = default;

AsrBackend &BridgePipeline::asr()
{
    return *p_->services->asr();
}

ReplyEngine &BridgePipeline::reply()
{
    if (p_->echokitReply)
        return *p_->echokitReply;
    return *p_->reply;
}

std::unique_ptr<BridgePipeline> BridgePipeline::create(const PipelineConfig &config, QString *error)
{
    std::unique_ptr<BridgePipeline> bp(new BridgePipeline);
    Parts &p = *bp->p_;
    p.services = PipelineServices::create(config, error);
    if (!p.services)
        return nullptr;
    p.reply =
        std::make_unique<PipelineReplyEngine>(*p.services->dialogue(), *p.services->speech(), config.tts);
    if (EchoKitBackend *echokit = p.services->echokit())
        p.echokitReply = std::make_unique<EchoKitReplyEngine>(*echokit, *p.reply);
    return bp;
}

} // namespace spk::server
