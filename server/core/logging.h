#pragma once
// spkd's logging: one Qt logging category per module, and the process-wide message handler that prints
// "2026-11-25T10:00:00.123Z info spk.gateway: message" lines (UTC) to stderr.
// QT_LOGGING_RULES still wins over the configured level, so operators can enable one category's debug.
#include <QDateTime>
#include <QLoggingCategory>
#include <QString>

namespace spk::server {

Q_DECLARE_LOGGING_CATEGORY(lcCore)     // "spk.core": startup, config, wiring
Q_DECLARE_LOGGING_CATEGORY(lcGateway)  // "spk.gateway": REST API
Q_DECLARE_LOGGING_CATEGORY(lcAuth)     // "spk.auth": logins, tokens, device credentials
Q_DECLARE_LOGGING_CATEGORY(lcMqtt)     // "spk.mqtt": broker and device messages
Q_DECLARE_LOGGING_CATEGORY(lcDevices)  // "spk.devices": device registry, config delivery, status
Q_DECLARE_LOGGING_CATEGORY(lcLive)     // "spk.live": live WebSocket
Q_DECLARE_LOGGING_CATEGORY(lcBridge)   // "spk.bridge": voice bridge
Q_DECLARE_LOGGING_CATEGORY(lcPipeline) // "spk.pipeline": ASR / dialogue / LLM / TTS
Q_DECLARE_LOGGING_CATEGORY(lcMetrics)  // "spk.metrics": registry misuse

// The levels log_level accepts, most verbose first: debug, info, warning, error.
bool isValidLogLevel(const QString &level);

// QLoggingCategory filter rules for a level (every category, not only spk.*). Empty for an invalid level.
QString logFilterRules(const QString &level);

// One output line, without the trailing newline.
QString formatLogLine(QtMsgType type, const char *category, const QString &message, const QDateTime &utc);

// Applies logFilterRules(level) and installs the stderr handler. Returns false (and changes nothing)
// for an invalid level.
bool installLogHandler(const QString &level);

} // namespace spk::server
