#include "server/pipeline/pipeline_logging.h"

Q_LOGGING_CATEGORY(lcPipelineAsr, "spk.pipeline.asr")
Q_LOGGING_CATEGORY(lcPipelineDialogue, "spk.pipeline.dialogue")
Q_LOGGING_CATEGORY(lcPipelineLlm, "spk.pipeline.llm")
Q_LOGGING_CATEGORY(lcPipelineTts, "spk.pipeline.tts")
