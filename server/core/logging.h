#pragma once
// spkd's logging: one Qt logging category per module, and the process-wide message handler that prints
// "2026-11-25T10:00:00.123Z info spk.gateway: message" lines (UTC) to stderr, or with log.format json
// one JSON object per line: {"time","level","category","message"} plus the fields of the LogContext
// scopes open on the logging thread (device_id, session_id, request_id; docs/metrics.md).
// QT_LOGGING_RULES still wins over the configured level, so operators can enable one category's debug.
#include <QDateTime>
#include <QLoggingCategory>
#include <QString>
#include <initializer_list>
#include <utility>
#include <vector>

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

// A structured field of the JSON log lines: a name (a string literal) and its value.
using LogField = std::pair<const char *, QString>;

// While it lives, every message logged on this thread carries its fields (JSON format only; the text
// format is unchanged, its messages name the ids already). Scopes nest; an empty value is left out and
// an inner scope's field replaces an outer one of the same name. Cheap: a vector push and pop.
//   const LogContext log({{"device_id", id}, {"session_id", QString::number(session)}});
class LogContext
{
public:
    LogContext(std::initializer_list<LogField> fields);
    ~LogContext();
    LogContext(const LogContext &) = delete;
    LogContext &operator=(const LogContext &) = delete;

private:
    size_t count_;
};

// The fields of the scopes open on this thread, outermost first.
const std::vector<LogField> &currentLogFields();

// The log.format values: text (default) and json.
bool isValidLogFormat(const QString &format);

// One output line, without the trailing newline.
QString formatLogLine(QtMsgType type, const char *category, const QString &message, const QDateTime &utc);
// The same as one compact JSON object (UTF-8, no newline: a newline in the message is escaped).
QByteArray formatJsonLogLine(QtMsgType type, const char *category, const QString &message,
                             const QDateTime &utc, const std::vector<LogField> &fields);

// Applies logFilterRules(level) and installs the stderr handler writing `format` lines. Returns false
// (and changes nothing) for an invalid level or format.
bool installLogHandler(const QString &level, const QString &format = QStringLiteral("text"));

} // namespace spk::server
