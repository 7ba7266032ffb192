#include "server/core/logging.h"

#include <QStringList>
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

void writeToStderr(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const QByteArray line =
        formatLogLine(type, context.category, message, QDateTime::currentDateTimeUtc()).toUtf8() + '\n';
    // One fwrite per line: stdio locks the stream per call, so lines from several threads never interleave.
    std::fwrite(line.constData(), 1, static_cast<size_t>(line.size()), stderr);
    std::fflush(stderr);
}

} // namespace

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

bool installLogHandler(const QString &level)
{
    const QString rules = logFilterRules(level);
    if (rules.isEmpty())
        return false;
    QLoggingCategory::setFilterRules(rules);
    qInstallMessageHandler(writeToStderr);
    return true;
}

} // namespace spk::server
