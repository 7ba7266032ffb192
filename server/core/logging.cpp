#include "server/core/logging.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>
#include <atomic>
#include <cstdio>

namespace spk::server {

Q_LOGGING_CATEGORY(lcCore, "spk.core")
Q_LOGGING_CATEGORY(lcGateway, "spk.gateway")
Q_LOGGING_CATEGORY(lcAuth, "spk.auth")
Q_LOGGING_CATEGORY(lcMqtt, "spk.mqtt")
Q_LOGGING_CATEGORY(lcDevices, "spk.devices")
Q_LOGGING_CATEGORY(lcLive, "spk.live")
Q_LOGGING_CATEGORY(lcBridge, "spk.bridge")
Q_LOGGING_CATEGORY(lcPipeline, "spk.pipeline")
Q_LOGGING_CATEGORY(lcMetrics, "spk.metrics")

namespace {

const QStringList &levels()
{
    static const QStringList all = {QStringLiteral("debug"), QStringLiteral("info"),
                                    QStringLiteral("warning"), QStringLiteral("error")};
    return all;
}

const char *typeName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return "debug";
    case QtInfoMsg:
        return "info";
    case QtWarningMsg:
        return "warning";
    case QtCriticalMsg:
        return "error";
    case QtFatalMsg:
        return "fatal";
    }
    return "unknown";
}

thread_local std::vector<LogField> tlsFields;
std::atomic<bool> jsonFormat{false};

void writeToStderr(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QByteArray line = (jsonFormat.load(std::memory_order_relaxed)
                                 ? formatJsonLogLine(type, context.category, message, now, tlsFields)
                                 : formatLogLine(type, context.category, message, now).toUtf8()) +
                            '\n';
    // One fwrite per line: stdio locks the stream per call, so lines from several threads never interleave.
    std::fwrite(line.constData(), 1, static_cast<size_t>(line.size()), stderr);
    std::fflush(stderr);
}

} // namespace

LogContext::LogContext(std::initializer_list<LogField> fields) : count_(fields.size())
{
    tlsFields.insert(tlsFields.end(), fields.begin(), fields.end());
}

LogContext::~LogContext()
{
    tlsFields.resize(tlsFields.size() - count_);
}

const std::vector<LogField> &currentLogFields()
{
    return tlsFields;
}

bool isValidLogFormat(const QString &format)
{
    return format == QLatin1String("text") || format == QLatin1String("json");
}

bool isValidLogLevel(const QString &level)
{
    return levels().contains(level);
}

QString logFilterRules(const QString &level)
{
    const int index = levels().indexOf(level);
    if (index < 0)
        return {};
    // Rules apply in order and later ones win. Debug output of Qt's own categories stays off even at
    // "debug": it is noise for operators (QT_LOGGING_RULES can still turn it on).
    QStringList rules{QStringLiteral("*.debug=false")};
    if (index == 0)
        rules << QStringLiteral("spk.*.debug=true") << QStringLiteral("default.debug=true");
    if (index >= 2)
        rules << QStringLiteral("*.info=false");
    if (index >= 3)
        rules << QStringLiteral("*.warning=false");
    return rules.join(QLatin1Char('\n'));
}

QString formatLogLine(QtMsgType type, const char *category, const QString &message, const QDateTime &utc)
{
    return QStringLiteral("%1 %2 %3: %4")
        .arg(utc.toUTC().toString(Qt::ISODateWithMs), QLatin1String(typeName(type)),
             QLatin1String(category && *category ? category : "default"), message);
}

QByteArray formatJsonLogLine(QtMsgType type, const char *category, const QString &message,
                             const QDateTime &utc, const std::vector<LogField> &fields)
{
    QJsonObject o{{QStringLiteral("time"), utc.toUTC().toString(Qt::ISODateWithMs)},
                  {QStringLiteral("level"), QLatin1String(typeName(type))},
                  {QStringLiteral("category"), QLatin1String(category && *category ? category : "default")},
                  {QStringLiteral("message"), message}};
    for (const LogField &f : fields) // outermost first: inner scopes win
        if (!f.second.isEmpty())
            o.insert(QLatin1String(f.first), f.second);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

bool installLogHandler(const QString &level, const QString &format)
{
    const QString rules = logFilterRules(level);
    if (rules.isEmpty() || !isValidLogFormat(format))
        return false;
    jsonFormat = format == QLatin1String("json");
    QLoggingCategory::setFilterRules(rules);
    qInstallMessageHandler(writeToStderr);
    return true;
}

} // namespace spk::server
