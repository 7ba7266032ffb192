#include "server/core/config_rules.h"

#include "server/core/config.h"

#include <QUrl>

namespace spk::server {

namespace pipeline {

namespace {

bool isUrl(const QString &text, const char *scheme, const char *secureScheme)
{
    const QUrl url(text);
    return url.isValid() &&
           (url.scheme() == QLatin1String(scheme) || url.scheme() == QLatin1String(secureScheme)) &&
           !url.host().isEmpty();
}

// An OpenAI-compatible endpoint in use (section "asr.openai", "llm", "tts.openai") needs a server and a
// model.
QString checkEndpoint(const QString &section, const OpenAiEndpoint &e)
{
    if (!isUrl(e.baseUrl, "http", "https"))
        return QStringLiteral("%1.url must be an http(s) URL, got '%2'").arg(section, e.baseUrl);
    if (e.model.isEmpty())
        return QStringLiteral("%1.model must not be empty").arg(section);
    return {};
}

} // namespace

QString checkPipelineRules(const PipelineConfig &c, const PipelineChoices &choices, const QString &keyPrefix)
{
    const QString &p = keyPrefix;
    if (choices.fallback == choices.primary)
        return QStringLiteral("%1asr.fallback must differ from %1asr.primary").arg(p);
    if (choices.usesAsr(AsrBackendKind::OpenAi))
        if (const QString e = checkEndpoint(p + QLatin1String("asr.openai"), c.asr.openai); !e.isEmpty())
            return e;
    if (choices.usesAsr(AsrBackendKind::Grpc) && c.asr.grpc.target.isEmpty())
        return QStringLiteral("%1asr.grpc.target must not be empty").arg(p);
    if (choices.usesAsr(AsrBackendKind::EchoKit) && !isUrl(c.asr.echokit.url, "ws", "wss"))
        return QStringLiteral("%1asr.echokit.url must be a ws(s) URL, got '%2'").arg(p, c.asr.echokit.url);
    if (c.llm.enabled) {
        if (const QString e = checkEndpoint(p + QLatin1String("llm"), c.llm.endpoint); !e.isEmpty())
            return e;
        if (c.llm.totalTimeoutMs < c.llm.firstTokenTimeoutMs)
            return QStringLiteral(
                       "%1llm.first_token_timeout_ms (%2) must not exceed %1llm.total_timeout_ms (%3)")
                .arg(p)
                .arg(c.llm.firstTokenTimeoutMs)
                .arg(c.llm.totalTimeoutMs);
    }
    if (choices.tts == TtsBackendKind::OpenAi)
        if (const QString e = checkEndpoint(p + QLatin1String("tts.openai"), c.tts.openai); !e.isEmpty())
            return e;
    return {};
}

} // namespace pipeline

QString checkConfigConsistency(const ServerConfig &config)
{
    if (config.wsIdleTimeoutSeconds <= config.wsPingSeconds)
        return QStringLiteral("ws.idle_timeout_seconds (%1) must be greater than ws.ping_seconds (%2)")
            .arg(config.wsIdleTimeoutSeconds)
            .arg(config.wsPingSeconds);
    if (config.bridge.deadAfterSeconds < 2 * config.bridge.heartbeatSeconds)
        return QStringLiteral(
                   "bridge.dead_after_seconds (%1) must be at least twice bridge.heartbeat_seconds (%2)")
            .arg(config.bridge.deadAfterSeconds)
            .arg(config.bridge.heartbeatSeconds);
    QString error;
    const std::optional<pipeline::PipelineChoices> choices =
        pipeline::parsePipelineChoices(config.pipeline, QString(), &error);
    if (!choices)
        return error;
    return pipeline::checkPipelineRules(config.pipeline, *choices, QString());
}

} // namespace spk::server
