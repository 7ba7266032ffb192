#pragma once
// Logging categories of the voice pipeline, one per stage.
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcPipelineAsr)
Q_DECLARE_LOGGING_CATEGORY(lcPipelineDialogue)
Q_DECLARE_LOGGING_CATEGORY(lcPipelineLlm)
Q_DECLARE_LOGGING_CATEGORY(lcPipelineTts)
