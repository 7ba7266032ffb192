#include "server/core/pipeline_choices.h"

namespace spk::server::pipeline {

namespace {

// Parses one choice key into *out; false and *error ("<key> must be one of …, got '…'") otherwise.
template <typename E> bool parseKey(const QString &key, const QString &text, E *out, QString *error)
{
    if (const std::optional<E> value = parseConfigEnum<E>(text)) {
        *out = *value;
        return true;
    }
    *error = QStringLiteral("%1 must be one of %2, got '%3'")
                 .arg(key, configEnumNames<E>().join(QLatin1String(", ")), text);
    return false;
}

} // namespace

std::optional<PipelineChoices> parsePipelineChoices(const PipelineConfig &config, const QString &keyPrefix,
                                                    QString *error)
{
    PipelineChoices c;
    if (!parseKey(keyPrefix + QLatin1String("asr.primary"), config.asr.primary, &c.primary, error))
        return std::nullopt;
    if (!config.asr.fallback.isEmpty()) {
        c.fallback = parseConfigEnum<AsrBackendKind>(config.asr.fallback);
        if (!c.fallback) {
            *error =
                QStringLiteral("asr.fallback must be empty or one of %1, got '%2'")
                    .arg(configEnumNames<AsrBackendKind>().join(QLatin1String(", ")), config.asr.fallback);
            return std::nullopt;
        }
    }
    if (!parseKey(keyPrefix + QLatin1String("asr.pocketsphinx.mode"), config.asr.pocketsphinx.mode,
                  &c.pocketsphinxMode, error) ||
        !parseKey(keyPrefix + QLatin1String("tts.backend"), config.tts.backend, &c.tts, error))
        return std::nullopt;
    return c;
}

} // namespace spk::server::pipeline
