// Logging: category names, level filter rules, and the line format of the installed handler (checked in a
// child process, since the handler writes to stderr).
#include "server/core/logging.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QtTest>

using namespace spk::server;

class TestLogging : public QObject
{
    Q_OBJECT
private slots:
    void categoryNames()
    {
        QCOMPARE(QLatin1String(lcCore().categoryName()), QLatin1String("spk.core"));
        QCOMPARE(QLatin1String(lcGateway().categoryName()), QLatin1String("spk.gateway"));
        QCOMPARE(QLatin1String(lcAuth().categoryName()), QLatin1String("spk.auth"));
        QCOMPARE(QLatin1String(lcMqtt().categoryName()), QLatin1String("spk.mqtt"));
        QCOMPARE(QLatin1String(lcDevices().categoryName()), QLatin1String("spk.devices"));
        QCOMPARE(QLatin1String(lcLive().categoryName()), QLatin1String("spk.live"));
        QCOMPARE(QLatin1String(lcBridge().categoryName()), QLatin1String("spk.bridge"));
        QCOMPARE(QLatin1String(lcPipeline().categoryName()), QLatin1String("spk.pipeline"));
        QCOMPARE(QLatin1String(lcMetrics().categoryName()), QLatin1String("spk.metrics"));
    }

    void formatLine()
    {
        const QDateTime t(QDate(2026, 11, 25), QTime(10, 0, 0, 123), Qt::UTC);
        QCOMPARE(formatLogLine(QtInfoMsg, "spk.gateway", QStringLiteral("message"), t),
                 QStringLiteral("2026-11-25T10:00:00.123Z info spk.gateway: message"));
        QCOMPARE(formatLogLine(QtWarningMsg, "spk.mqtt", QStringLiteral("x"), t),
                 QStringLiteral("2026-11-25T10:00:00.123Z warning spk.mqtt: x"));
        QCOMPARE(formatLogLine(QtCriticalMsg, nullptr, QStringLiteral("x"), t),
                 QStringLiteral("2026-11-25T10:00:00.123Z error default: x"));
        QCOMPARE(formatLogLine(QtDebugMsg, "spk.core", QStringLiteral("x"), t.toOffsetFromUtc(3600)),
                 QStringLiteral("2026-11-25T10:00:00.123Z debug spk.core: x")); // always printed in UTC
    }

    void formatJsonLine()
    {
        const QDateTime t(QDate(2026, 11, 25), QTime(10, 0, 0, 123), Qt::UTC);
        const QString message = QStringLiteral("two\nlines, \"quoted\", back\\slash, tab\t, bell\a, ü");
        const QByteArray line =
            formatJsonLogLine(QtWarningMsg, "spk.bridge", message, t.toOffsetFromUtc(3600),
                              {{"device_id", QStringLiteral("kitchen-1")},
                               {"session_id", QStringLiteral("42")},
                               {"request_id", QString()}}); // empty: left out
        QVERIFY2(!line.contains('\n'), line.constData());   // one line, whatever the message holds
        QJsonParseError error;
        const QJsonObject o = QJsonDocument::fromJson(line, &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString() + ": " + line));
        QCOMPARE(o.value(QStringLiteral("time")).toString(), QStringLiteral("2026-11-25T10:00:00.123Z"));
        QCOMPARE(o.value(QStringLiteral("level")).toString(), QStringLiteral("warning"));
        QCOMPARE(o.value(QStringLiteral("category")).toString(), QStringLiteral("spk.bridge"));
        QCOMPARE(o.value(QStringLiteral("message")).toString(), message); // round trip: escaped, not mangled
        QCOMPARE(o.value(QStringLiteral("device_id")).toString(), QStringLiteral("kitchen-1"));
        QCOMPARE(o.value(QStringLiteral("session_id")).toString(), QStringLiteral("42"));
        QVERIFY(!o.contains(QStringLiteral("request_id")));
        QCOMPARE(o.size(), 6);

        const QJsonObject bare =
            QJsonDocument::fromJson(formatJsonLogLine(QtCriticalMsg, nullptr, QStringLiteral("x"), t, {}))
                .object();
        QCOMPARE(bare.value(QStringLiteral("level")).toString(), QStringLiteral("error"));
        QCOMPARE(bare.value(QStringLiteral("category")).toString(), QStringLiteral("default"));
        QCOMPARE(bare.size(), 4);
    }

    void logContextScopesNest()
    {
        QVERIFY(currentLogFields().empty());
        {
            const LogContext outer({{"device_id", QStringLiteral("a")}, {"session_id", QStringLiteral("1")}});
            QCOMPARE(currentLogFields().size(), size_t(2));
            {
                const LogContext inner(
                    {{"request_id", QStringLiteral("r")}, {"device_id", QStringLiteral("b")}});
                QCOMPARE(currentLogFields().size(), size_t(4));
                const QJsonObject o =
                    QJsonDocument::fromJson(formatJsonLogLine(QtInfoMsg, "spk.core", QStringLiteral("m"),
                                                              QDateTime::currentDateTimeUtc(),
                                                              currentLogFields()))
                        .object();
                QCOMPARE(o.value(QStringLiteral("device_id")).toString(), QStringLiteral("b")); // inner wins
                QCOMPARE(o.value(QStringLiteral("session_id")).toString(), QStringLiteral("1"));
                QCOMPARE(o.value(QStringLiteral("request_id")).toString(), QStringLiteral("r"));
            }
            QCOMPARE(currentLogFields().size(), size_t(2));
            QCOMPARE(currentLogFields().back().second, QStringLiteral("1"));
        }
        QVERIFY(currentLogFields().empty());
    }

    void levels()
    {
        QVERIFY(isValidLogLevel(QStringLiteral("debug")));
        QVERIFY(isValidLogLevel(QStringLiteral("error")));
        QVERIFY(!isValidLogLevel(QStringLiteral("verbose")));
        QVERIFY(logFilterRules(QStringLiteral("verbose")).isEmpty());
        QVERIFY(!installLogHandler(QStringLiteral("loud")));
        QVERIFY(isValidLogFormat(QStringLiteral("json")));
        QVERIFY(isValidLogFormat(QStringLiteral("text")));
        QVERIFY(!isValidLogFormat(QStringLiteral("xml")));
        QVERIFY(!installLogHandler(QStringLiteral("info"), QStringLiteral("xml")));
    }

    void filterPerLevel_data()
    {
        QTest::addColumn<QString>("level");
        QTest::addColumn<bool>("debug");
        QTest::addColumn<bool>("info");
        QTest::addColumn<bool>("warning");
        QTest::addColumn<bool>("critical");
        QTest::newRow("debug") << "debug" << true << true << true << true;
        QTest::newRow("info") << "info" << false << true << true << true;
        QTest::newRow("warning") << "warning" << false << false << true << true;
        QTest::newRow("error") << "error" << false << false << false << true;
    }
    void filterPerLevel()
    {
        QFETCH(QString, level);
        QFETCH(bool, debug);
        QFETCH(bool, info);
        QFETCH(bool, warning);
        QFETCH(bool, critical);
        QLoggingCategory::setFilterRules(logFilterRules(level));
        for (const QLoggingCategory *c : {&lcGateway(), &lcPipeline()}) {
            QCOMPARE(c->isDebugEnabled(), debug);
            QCOMPARE(c->isInfoEnabled(), info);
            QCOMPARE(c->isWarningEnabled(), warning);
            QCOMPARE(c->isCriticalEnabled(), critical);
        }
        QLoggingCategory::setFilterRules(QString());
    }

    void handlerWritesUtcLinesToStderr()
    {
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("SPK_TST_LOGGING_CHILD"), QStringLiteral("info"));
        env.remove(QStringLiteral("QT_LOGGING_RULES"));
        child.setProcessEnvironment(env);
        child.start(QCoreApplication::applicationFilePath(), {});
        QVERIFY(child.waitForFinished(30000));
        QCOMPARE(child.exitCode(), 0);
        const QStringList lines =
            QString::fromUtf8(child.readAllStandardError()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2); // the debug line is filtered at "info"
        const QRegularExpression re(
            QStringLiteral(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (\w+) ([\w.]+): (.*)$)"));
        const auto first = re.match(lines[0]);
        QVERIFY2(first.hasMatch(), qPrintable(lines[0]));
        QCOMPARE(first.captured(1), QStringLiteral("info"));
        QCOMPARE(first.captured(2), QStringLiteral("spk.gateway"));
        QCOMPARE(first.captured(3), QStringLiteral("listening on 8080"));
        const auto second = re.match(lines[1]);
        QVERIFY2(second.hasMatch(), qPrintable(lines[1]));
        QCOMPARE(second.captured(1), QStringLiteral("warning"));
        QCOMPARE(second.captured(2), QStringLiteral("spk.mqtt"));
    }

    void handlerWritesJsonLinesWithTheContextFields()
    {
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("SPK_TST_LOGGING_CHILD"), QStringLiteral("info"));
        env.insert(QStringLiteral("SPK_TST_LOGGING_FORMAT"), QStringLiteral("json"));
        env.remove(QStringLiteral("QT_LOGGING_RULES"));
        child.setProcessEnvironment(env);
        child.start(QCoreApplication::applicationFilePath(), {});
        QVERIFY(child.waitForFinished(30000));
        QCOMPARE(child.exitCode(), 0);
        const QList<QByteArray> lines = child.readAllStandardError().split('\n');
        QCOMPARE(lines.size(), 4); // three objects and the empty rest after the last newline
        QVERIFY(lines.last().isEmpty());
        QList<QJsonObject> objects;
        for (int i = 0; i < 3; ++i) {
            QJsonParseError error;
            objects << QJsonDocument::fromJson(lines[i], &error).object();
            QVERIFY2(error.error == QJsonParseError::NoError, lines[i].constData());
        }
        QCOMPARE(objects[0].value(QStringLiteral("message")).toString(), QStringLiteral("listening on 8080"));
        QVERIFY(!objects[0].contains(QStringLiteral("device_id")));
        QCOMPARE(objects[1].value(QStringLiteral("message")).toString(), QStringLiteral("broker\ngone"));
        QCOMPARE(objects[1].value(QStringLiteral("device_id")).toString(), QStringLiteral("kitchen-1"));
        QCOMPARE(objects[1].value(QStringLiteral("request_id")).toString(), QStringLiteral("r-1"));
        QVERIFY(!objects[2].contains(QStringLiteral("device_id"))); // the scope ended
    }
};

// The child mode logs a few lines through the installed handler and exits.
int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QString childLevel = qEnvironmentVariable("SPK_TST_LOGGING_CHILD");
    if (!childLevel.isEmpty()) {
        const QString format = qEnvironmentVariable("SPK_TST_LOGGING_FORMAT", QStringLiteral("text"));
        if (!installLogHandler(childLevel, format))
            return 2;
        qCDebug(lcGateway) << "hidden";
        qCInfo(lcGateway, "listening on %d", 8080);
        if (format == QLatin1String("json")) {
            {
                const LogContext log(
                    {{"device_id", QStringLiteral("kitchen-1")}, {"request_id", QStringLiteral("r-1")}});
                qCWarning(lcMqtt, "broker\ngone");
            }
            qCInfo(lcMqtt, "after");
            return 0;
        }
        qCWarning(lcMqtt, "broker gone");
        return 0;
    }
    TestLogging test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_logging.moc"
