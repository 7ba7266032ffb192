// spkd configuration: defaults, YAML file, SPK_* environment overrides, and clear errors for bad input.
#include "server/core/config.h"
#include "server/core/config_schema.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace spk::server;

class TestConfig : public QObject
{
    Q_OBJECT

    QTemporaryDir dir_;
    int files_ = 0;

    QString write(const QByteArray &yaml)
    {
        const QString path = dir_.filePath(QStringLiteral("spkd%1.yaml").arg(++files_));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(yaml) != yaml.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

    // Loads expecting failure; checks *out is untouched and returns the message.
    QString loadError(const QString &file)
    {
        ServerConfig out;
        out.httpPort = 1234;
        QString error;
        if (loadServerConfig(file, &out, &error))
            return QStringLiteral("(loaded without error)");
        if (out.httpPort != 1234)
            return QStringLiteral("(output changed on error)");
        return error;
    }

private slots:
    void cleanup()
    {
        for (const ConfigKey &k : configKeys())
            qunsetenv(k.envName().toLatin1().constData());
    }

    void defaults()
    {
        ServerConfig c;
        c.httpPort = 1;
        QString error;
        QVERIFY2(loadServerConfig(QString(), &c, &error), qPrintable(error));
        const ServerConfig d;
        QCOMPARE(c.httpPort, 8080);
        QCOMPARE(c.httpHost, QStringLiteral("127.0.0.1"));
        QCOMPARE(c.role, QStringLiteral("all"));
        QCOMPARE(c.maxBodyBytes, 1024 * 1024);
        QCOMPARE(c.mqttEmbedded, true);
        QCOMPARE(c.tokenTtl, d.tokenTtl);
        QCOMPARE(c.cacheUrl, QStringLiteral("memory:"));
        // Every key's default passes its own validation.
        for (const ConfigKey &k : configKeys()) {
            ServerConfig copy;
            QCOMPARE(k.assign(copy, k.valueText(d)), QString());
        }
    }

    void effectiveDatabaseUrl()
    {
        ServerConfig c;
        c.dataDir = dir_.path();
        QCOMPARE(c.effectiveDatabaseUrl(),
                 QStringLiteral("sqlite:") + dir_.filePath(QStringLiteral("spk.db")));
        c.databaseUrl = QStringLiteral("postgresql://u:p@127.0.0.1:5432/spk");
        QCOMPARE(c.effectiveDatabaseUrl(), c.databaseUrl);
    }

    void fullFile()
    {
        const QString file = write(R"(# every section
role: gateway
data_dir: /var/lib/spk
log_level: debug
http:
  host: 0.0.0.0
  port: 9000
  max_body_bytes: 2097152
database:
  url: "postgresql://spk:pw@127.0.0.1:5432/spk"
cache:
  url: redis://127.0.0.1:6379/2
  device_list_ttl: 0
mqtt:
  embedded: no
  url: tcp://10.0.0.5:1883
  embedded_port: 1884
  mosquitto_bin: /opt/mosquitto
auth:
  jwt_secret: "0123456789abcdef0123456789abcdef"
  token_ttl: 600
  login_max_failures: 3
  login_window: 120
  login_lockout: 900
devices:
  ack_timeout_ms: 2500
  status_flush_ms: 50
metrics:
  public: false
ws:
  ping_seconds: 10
  idle_timeout_seconds: 25
)");
        ServerConfig c;
        QString error;
        QVERIFY2(loadServerConfig(file, &c, &error), qPrintable(error));
        QCOMPARE(c.role, QStringLiteral("gateway"));
        QCOMPARE(c.dataDir, QStringLiteral("/var/lib/spk"));
        QCOMPARE(c.logLevel, QStringLiteral("debug"));
        QCOMPARE(c.httpHost, QStringLiteral("0.0.0.0"));
        QCOMPARE(c.httpPort, 9000);
        QCOMPARE(c.maxBodyBytes, 2097152);
        QCOMPARE(c.databaseUrl, QStringLiteral("postgresql://spk:pw@127.0.0.1:5432/spk"));
        QCOMPARE(c.cacheUrl, QStringLiteral("redis://127.0.0.1:6379/2"));
        QCOMPARE(c.deviceListTtl, 0);
        QCOMPARE(c.mqttEmbedded, false);
        QCOMPARE(c.mqttUrl, QStringLiteral("tcp://10.0.0.5:1883"));
        QCOMPARE(c.mqttEmbeddedPort, 1884);
        QCOMPARE(c.mosquittoBin, QStringLiteral("/opt/mosquitto"));
        QCOMPARE(c.jwtSecret, QStringLiteral("0123456789abcdef0123456789abcdef"));
        QCOMPARE(c.tokenTtl, 600);
        QCOMPARE(c.loginMaxFailures, 3);
        QCOMPARE(c.loginWindow, 120);
        QCOMPARE(c.loginLockout, 900);
        QCOMPARE(c.ackTimeoutMs, 2500);
        QCOMPARE(c.statusFlushMs, 50);
        QCOMPARE(c.metricsPublic, false);
        QCOMPARE(c.wsPingSeconds, 10);
        QCOMPARE(c.wsIdleTimeoutSeconds, 25);
    }

    void partialFileKeepsOtherDefaults()
    {
        ServerConfig c;
        QString error;
        QVERIFY2(loadServerConfig(write("http:\n  port: 9001\nmqtt:\n"), &c, &error), qPrintable(error));
        QCOMPARE(c.httpPort, 9001);
        QCOMPARE(c.httpHost, QStringLiteral("127.0.0.1"));
        QCOMPARE(c.mqttEmbedded, true);
    }

    void emptyFileIsDefaults()
    {
        ServerConfig c;
        QString error;
        QVERIFY2(loadServerConfig(write(""), &c, &error), qPrintable(error));
        QCOMPARE(c.httpPort, 8080);
        QVERIFY2(loadServerConfig(write("# only a comment\n"), &c, &error), qPrintable(error));
    }

    void exampleFileLoads()
    {
        // deploy/spkd.example.yaml is documentation: it must stay loadable.
        const QString example =
            qEnvironmentVariable("SPK_SOURCE_DIR") + QStringLiteral("/deploy/spkd.example.yaml");
        ServerConfig c;
        QString error;
        QVERIFY2(loadServerConfig(example, &c, &error), qPrintable(error));
    }

    void environmentBeatsFile()
    {
        const QString file = write("http:\n  port: 9000\n  host: 10.1.1.1\nmqtt:\n  embedded: true\n");
        qputenv("SPK_HTTP_PORT", "9100");
        qputenv("SPK_MQTT_EMBEDDED", "false");
        qputenv("SPK_DATA_DIR", "/srv/spk");
        qputenv("SPK_AUTH_TOKEN_TTL", "120");
        qputenv("SPK_HTTP_HOST", ""); // set but empty: ignored
        ServerConfig c;
        QString error;
        QVERIFY2(loadServerConfig(file, &c, &error), qPrintable(error));
        QCOMPARE(c.httpPort, 9100);
        QCOMPARE(c.mqttEmbedded, false);
        QCOMPARE(c.dataDir, QStringLiteral("/srv/spk"));
        QCOMPARE(c.tokenTtl, 120);
        QCOMPARE(c.httpHost, QStringLiteral("10.1.1.1"));
    }

    void environmentWithoutFile()
    {
        qputenv("SPK_WS_PING_SECONDS", "5");
        ServerConfig c;
        QString error;
        QVERIFY2(loadServerConfig(QString(), &c, &error), qPrintable(error));
        QCOMPARE(c.wsPingSeconds, 5);
    }

    void badEnvironmentValue()
    {
        qputenv("SPK_HTTP_PORT", "eighty");
        const QString error = loadError(QString());
        QVERIFY2(error.contains(QStringLiteral("SPK_HTTP_PORT")) && error.contains(QStringLiteral("eighty")),
                 qPrintable(error));
        qputenv("SPK_HTTP_PORT", "70000");
        QVERIFY2(loadError(QString()).contains(QStringLiteral("1–65535")), qPrintable(loadError(QString())));
        qunsetenv("SPK_HTTP_PORT");
        qputenv("SPK_METRICS_PUBLIC", "maybe");
        QVERIFY(loadError(QString()).contains(QStringLiteral("SPK_METRICS_PUBLIC")));
    }

    void envNames()
    {
        QCOMPARE(findConfigKey(QStringLiteral("http.port"))->envName(), QStringLiteral("SPK_HTTP_PORT"));
        QCOMPARE(findConfigKey(QStringLiteral("data_dir"))->envName(), QStringLiteral("SPK_DATA_DIR"));
        QCOMPARE(findConfigKey(QStringLiteral("mqtt.embedded"))->envName(),
                 QStringLiteral("SPK_MQTT_EMBEDDED"));
        QCOMPARE(findConfigKey(QStringLiteral("ws.idle_timeout_seconds"))->envName(),
                 QStringLiteral("SPK_WS_IDLE_TIMEOUT_SECONDS"));
    }

    void fileErrors_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("expected"); // fragments the message must contain, '|' separated

        QTest::newRow("unknown top key") << QByteArray("role: all\nlisten: 1\n") << ":2: listen: unknown key";
        QTest::newRow("unknown section key") << QByteArray("http:\n  port: 80\n  prot: 81\n")
                                             << ":3: http.prot: unknown key|host, port, max_body_bytes";
        QTest::newRow("unknown section") << QByteArray("\n\nhtp:\n  port: 80\n") << ":3: htp: unknown key";
        QTest::newRow("key nested too deep") << QByteArray("http:\n  port:\n    value: 80\n")
                                             << ":2: http.port: expected integer 1–65535, got a mapping";
        QTest::newRow("string for int")
            << QByteArray("http:\n  port: eighty\n") << ":2: http.port: expected integer 1–65535|\"eighty\"";
        QTest::newRow("float for int") << QByteArray("http:\n  port: 80.5\n") << ":2: http.port|\"80.5\"";
        QTest::newRow("list for int") << QByteArray("http:\n  port: [80, 81]\n") << "http.port|got a list";
        QTest::newRow("null for int") << QByteArray("http:\n  port:\n") << "http.port|got nothing";
        QTest::newRow("port zero") << QByteArray("http:\n  port: 0\n") << "http.port|1–65535|\"0\"";
        QTest::newRow("port too big") << QByteArray("http:\n  port: 65536\n") << "http.port|\"65536\"";
        QTest::newRow("negative ttl") << QByteArray("auth:\n  token_ttl: -5\n") << "auth.token_ttl|\"-5\"";
        QTest::newRow("bad bool") << QByteArray("mqtt:\n  embedded: sometimes\n")
                                  << ":2: mqtt.embedded: expected boolean";
        QTest::newRow("bad role") << QByteArray("role: everything\n")
                                  << ":1: role: expected one of: all, gateway, bridge";
        QTest::newRow("bad log level") << QByteArray("log_level: loud\n") << "log_level|\"loud\"";
        QTest::newRow("short jwt secret") << QByteArray("auth:\n  jwt_secret: tooshort\n")
                                          << "auth.jwt_secret|at least 32|an invalid value";
        QTest::newRow("bad cache url")
            << QByteArray("cache:\n  url: memcached://x\n") << "cache.url|redis://";
        QTest::newRow("bad database url")
            << QByteArray("database:\n  url: mysql://x\n") << "database.url|postgresql://";
        QTest::newRow("empty data dir") << QByteArray("data_dir: \"\"\n") << "data_dir|non-empty";
        QTest::newRow("section is scalar") << QByteArray("http: 8080\n") << ":1: http: expected a section";
        QTest::newRow("section is list") << QByteArray("ws:\n  - 1\n") << "ws: expected a section";
        QTest::newRow("duplicate key")
            << QByteArray("http:\n  port: 1\n  port: 2\n") << ":3: http.port: duplicate key";
        QTest::newRow("top is list") << QByteArray("- a\n- b\n") << ":1: expected a mapping";
        QTest::newRow("top is scalar") << QByteArray("hello\n") << "expected a mapping";
        QTest::newRow("syntax error") << QByteArray("http:\n  port: [80\n") << "YAML syntax error";
        QTest::newRow("bad indentation")
            << QByteArray("http:\n  port: 80\n host: x\n") << "YAML syntax error";
        QTest::newRow("inconsistent ws")
            << QByteArray("ws:\n  ping_seconds: 60\n  idle_timeout_seconds: 30\n")
            << "ws.idle_timeout_seconds (30) must be greater than ws.ping_seconds (60)";
        // Rules spanning keys run when the config loads and name the real keys.
        QTest::newRow("asr fallback = primary")
            << QByteArray("asr:\n  fallback: pocketsphinx\n") << "asr.fallback must differ from asr.primary";
        QTest::newRow("openai asr without url")
            << QByteArray("asr:\n  primary: openai\n") << "asr.openai.url must be an http(s) URL";
        QTest::newRow("grpc asr without target")
            << QByteArray("asr:\n  primary: grpc\n  grpc:\n    target: \"\"\n")
            << "asr.grpc.target must not be empty";
        QTest::newRow("llm without url")
            << QByteArray("llm:\n  enabled: true\n") << "llm.url must be an http(s) URL";
        QTest::newRow("llm time limits")
            << QByteArray("llm:\n  enabled: true\n  url: http://127.0.0.1:1/v1\n  model: m\n"
                          "  first_token_timeout_ms: 9000\n  total_timeout_ms: 8000\n")
            << "llm.first_token_timeout_ms (9000) must not exceed llm.total_timeout_ms (8000)";
        QTest::newRow("openai tts without model")
            << QByteArray(
                   "tts:\n  backend: openai\n  openai:\n    url: http://127.0.0.1:1/v1\n    model: \"\"\n")
            << "tts.openai.model must not be empty";
        QTest::newRow("binary junk") << QByteArray("\x01\x02\xff\xfe: \x00\x01", 8) << "";
    }
    void fileErrors()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, expected);
        const QString file = write(yaml);
        const QString error = loadError(file);
        QVERIFY2(!error.startsWith(QLatin1Char('(')), qPrintable(error));
        for (const QString &fragment : expected.split(QLatin1Char('|'), Qt::SkipEmptyParts))
            QVERIFY2(error.contains(fragment),
                     qPrintable(QStringLiteral("missing '%1' in: %2").arg(fragment, error)));
        // Fragments starting with ':' are "<line>: <key>: …" and must follow the file name.
        if (expected.startsWith(QLatin1Char(':'))) {
            const QString located = QFileInfo(file).fileName() + expected.section(QLatin1Char('|'), 0, 0);
            QVERIFY2(error.contains(located),
                     qPrintable(QStringLiteral("missing '%1' in: %2").arg(located, error)));
        }
    }

    void missingFile()
    {
        const QString error = loadError(dir_.filePath(QStringLiteral("nope.yaml")));
        QVERIFY2(error.contains(QStringLiteral("nope.yaml")) && error.contains(QStringLiteral("not found")),
                 qPrintable(error));
        QVERIFY2(loadError(dir_.path()).contains(QStringLiteral("not found")), "a directory is not a file");
    }

    void quotedNumbersAndBoolSpellings()
    {
        ServerConfig c;
        QString error;
        QVERIFY2(loadServerConfig(
                     write("http:\n  port: \"8081\"\nmetrics:\n  public: off\nmqtt:\n  embedded: YES\n"), &c,
                     &error),
                 qPrintable(error));
        QCOMPARE(c.httpPort, 8081);
        QCOMPARE(c.metricsPublic, false);
        QCOMPARE(c.mqttEmbedded, true);
    }

    void nullStringIsEmpty()
    {
        ServerConfig c;
        QString error;
        QVERIFY2(loadServerConfig(write("database:\n  url:\nauth:\n  jwt_secret: ~\n"), &c, &error),
                 qPrintable(error));
        QVERIFY(c.databaseUrl.isEmpty());
        QVERIFY(c.jwtSecret.isEmpty());
    }

    void describeHidesSecrets()
    {
        ServerConfig c;
        c.jwtSecret = QStringLiteral("super-secret-value-0123456789abcdef");
        c.databaseUrl = QStringLiteral("postgresql://spk:hunter2@db:5432/spk");
        const QStringList lines = describeConfig(c);
        QCOMPARE(lines.size(), int(configKeys().size()));
        const QString all = lines.join(QLatin1Char('\n'));
        QVERIFY(!all.contains(QStringLiteral("super-secret")));
        QVERIFY(!all.contains(QStringLiteral("hunter2")));
        QVERIFY2(lines.contains(QStringLiteral("http.port = 8080  [SPK_HTTP_PORT]")), qPrintable(all));
        QVERIFY2(lines.contains(QStringLiteral("mqtt.embedded = true  [SPK_MQTT_EMBEDDED]")),
                 qPrintable(all));
    }

    void keysAreUniqueAndWellFormed()
    {
        QSet<QString> paths;
        for (const ConfigKey &k : configKeys()) {
            QVERIFY2(!paths.contains(k.path), qPrintable(k.path));
            paths.insert(k.path);
            QVERIFY2(QRegularExpression(QStringLiteral("^[a-z_]+(\\.[a-z_]+)*$")).match(k.path).hasMatch(),
                     qPrintable(k.path));
            QVERIFY2(!k.help.isEmpty(), qPrintable(k.path));
            QVERIFY2(!isConfigSection(k.path), qPrintable(k.path)); // a key is never also a section
        }
    }

    void docsMatchTheTable()
    {
        // docs/configuration.md embeds configReferenceMarkdown() verbatim between two markers.
        const QString docPath =
            qEnvironmentVariable("SPK_SOURCE_DIR") + QStringLiteral("/docs/configuration.md");
        QFile f(docPath);
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(docPath));
        const QString doc = QString::fromUtf8(f.readAll());
        const QString begin = QStringLiteral("<!-- BEGIN config-reference -->\n");
        const QString end = QStringLiteral("<!-- END config-reference -->");
        const int from = doc.indexOf(begin);
        const int to = doc.indexOf(end);
        QVERIFY2(from >= 0 && to > from, "markers missing in docs/configuration.md");
        const QString embedded = doc.mid(from + begin.size(), to - from - begin.size());
        const QString expected = configReferenceMarkdown();
        if (embedded != expected) {
            const QString out = QDir::temp().filePath(QStringLiteral("spk-config-reference.md"));
            QFile o(out);
            if (o.open(QIODevice::WriteOnly))
                o.write(expected.toUtf8());
            QFAIL(
                qPrintable(QStringLiteral("docs/configuration.md is stale; the current table is in ") + out));
        }
    }
};

QTEST_GUILESS_MAIN(TestConfig)
#include "tst_config.moc"
