#pragma once
// The configuration rules that span several keys, checked once the file and the environment are read
// (loadServerConfig). Single-key checks (type, range, allowed names) are the key table's
// (config_schema.cpp). Messages name the real keys.
#include "server/core/pipeline_choices.h"

#include <QString>

namespace spk::server {

struct ServerConfig;

// Empty when consistent, else the first broken rule.
QString checkConfigConsistency(const ServerConfig &config);

namespace pipeline {
// The pipeline's part: an ASR fallback differs from the primary; a backend in use has what it needs
// (server URL, model, target); LLM time limits fit together. PipelineServices::create runs it too,
// for configs built in code. keyPrefix as for parsePipelineChoices.
QString checkPipelineRules(const PipelineConfig &config, const PipelineChoices &choices,
                           const QString &keyPrefix);
} // namespace pipeline

} // namespace spk::server
