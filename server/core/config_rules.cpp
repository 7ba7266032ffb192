#include "server/core/pipeline_config.h"

#include <QUrl>

namespace spk::server::pipeline {

namespace {

const QStringList kAsrBackends{QStringLiteral("pocketsphinx"), QStringLiteral("openai"),
                               QStringLiteral("grpc"), QStringLiteral("null"), QStringLiteral("echokit")};

QString checkEndpoint(const QString &key, const OpenAiEndpoint &e)
{
    const QUrl url(e.baseUrl);
    if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) ||
        url.host().isEmpty())
        return QStringLiteral("%1.url must be an http(s) URL, got '%2'").arg(key, e.baseUrl);
    if (e.model.isEmpty())
        return QStringLiteral("%1.model must not be empty").arg(key);
    if (e.timeoutMs < 0)
        return QStringLiteral("%1.timeout_ms must not be negative").arg(key);
    return {};
}

bool usesAsr(const AsrConfig &a, const QString &name)
{
    return a.primary == name || a.fallback == name;
}

} // namespace

QString validatePipelineConfig(const PipelineConfig &c)
{
    const AsrConfig &a = c.asr;
    if (!kAsrBackends.contains(a.primary))
        return QStringLiteral("pipeline.asr.primary must be one of %1, got '%2'")
            .arg(kAsrBackends.join(QLatin1String(", ")), a.primary);
    if (!a.fallback.isEmpty() && !kAsrBackends.contains(a.fallback))
        return QStringLiteral("pipeline.asr.fallback must be empty or one of %1, got '%2'")
            .arg(kAsrBackends.join(QLatin1String(", ")), a.fallback);
    if (a.fallback == a.primary)
        return QStringLiteral("pipeline.asr.fallback must differ from pipeline.asr.primary");
    if (a.finalTimeoutMs < 100 || a.maxUtteranceMs < 1000 || a.unhealthyBackoffMs < 0)
        return QStringLiteral(
            "pipeline.asr timeouts out of range (final_timeout_ms >= 100, max_utterance_ms >= 1000)");
    if (usesAsr(a, QStringLiteral("pocketsphinx"))) {
        if (a.pocketsphinx.decoders < 1 || a.pocketsphinx.decoders > 64)
            return QStringLiteral("pipeline.asr.pocketsphinx.decoders must be 1..64");
        if (a.pocketsphinx.maxDecoders < 1 || a.pocketsphinx.maxDecoders > 64)
            return QStringLiteral("pipeline.asr.pocketsphinx.max_decoders must be 1..64");
        if (a.pocketsphinx.mode != QLatin1String("lm") && a.pocketsphinx.mode != QLatin1String("grammar"))
            return QStringLiteral("pipeline.asr.pocketsphinx.mode must be 'lm' or 'grammar'");
    }
    if (usesAsr(a, QStringLiteral("openai"))) {
        const QString e = checkEndpoint(QStringLiteral("pipeline.asr.openai"), a.openai);
        if (!e.isEmpty())
            return e;
    }
    if (usesAsr(a, QStringLiteral("grpc")) && a.grpc.target.isEmpty())
        return QStringLiteral("pipeline.asr.grpc.target must not be empty");
    if (usesAsr(a, QStringLiteral("echokit"))) {
        const QUrl url(a.echokit.url);
        if (!url.isValid() || (url.scheme() != QLatin1String("ws") && url.scheme() != QLatin1String("wss")) ||
            url.host().isEmpty())
            return QStringLiteral("pipeline.asr.echokit.url must be a ws(s) URL, got '%1'")
                .arg(a.echokit.url);
        if (a.echokit.connectTimeoutMs < 100 || a.echokit.responseTimeoutMs < 100)
            return QStringLiteral("pipeline.asr.echokit timeouts must be >= 100 ms");
    }
    if (c.llm.enabled) {
        const QString e = checkEndpoint(QStringLiteral("pipeline.llm"), c.llm.endpoint);
        if (!e.isEmpty())
            return e;
        if (c.llm.firstTokenTimeoutMs < 100 || c.llm.totalTimeoutMs < c.llm.firstTokenTimeoutMs)
            return QStringLiteral(
                "pipeline.llm timeouts: first_token_timeout_ms >= 100 and <= total_timeout_ms");
        if (c.llm.historyTurns < 0 || c.llm.historyTurns > 50)
            return QStringLiteral("pipeline.llm.history_turns must be 0..50");
    }
    if (c.tts.backend == QLatin1String("openai")) {
        const QString e = checkEndpoint(QStringLiteral("pipeline.tts.openai"), c.tts.openai);
        if (!e.isEmpty())
            return e;
        if (c.tts.openaiFormat != QLatin1String("pcm") && c.tts.openaiFormat != QLatin1String("wav"))
            return QStringLiteral("pipeline.tts.openai.format must be 'pcm' or 'wav'");
    } else if (c.tts.backend != QLatin1String("espeak") && c.tts.backend != QLatin1String("null")) {
        return QStringLiteral("pipeline.tts.backend must be 'espeak', 'openai' or 'null', got '%1'")
            .arg(c.tts.backend);
    }
    if (c.tts.espeakRate < 80 || c.tts.espeakRate > 450)
        return QStringLiteral("pipeline.tts.espeak_rate must be 80..450");
    if (c.dialogue.volumeStep < 1 || c.dialogue.volumeStep > 100)
        return QStringLiteral("pipeline.dialogue.volume_step must be 1..100");
    for (const QString &lang : c.dialogue.languages)
        if (lang != QLatin1String("en") && lang != QLatin1String("zh"))
            return QStringLiteral("pipeline.dialogue.languages: unknown language '%1' (en, zh)").arg(lang);
    return {};
}

} // namespace spk::server::pipeline
