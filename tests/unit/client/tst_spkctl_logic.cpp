// spkctl's pure logic: KEY=VALUE typing, table layout with wide characters, global option
// splitting, exit-code mapping, credentials file permissions, live event lines.
#include "cli/context.h"
#include "cli/credentials_store.h"
#include "cli/dispatcher.h"
#include "cli/format.h"
#include "cli/key_value_parser.h"
#include "cli/live_event_formatter.h"
#include "cli/table_printer.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace spk::cli;

class TestSpkctlLogic : public QObject
{
    Q_OBJECT
private slots:
    void keyValuesTyped()
    {
        const KeyValueResult r =
            parseKeyValues({"volume=80", "muted=true", "loud=false", "gain=-3", "ratio=0.25", "name=kitchen",
                            "quoted=\"42\"", "empty=", "none=null", "phrase='hey you'"});
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.object.value("volume"), QJsonValue(80));
        QVERIFY(r.object.value("volume").isDouble());
        QCOMPARE(r.object.value("muted"), QJsonValue(true));
        QCOMPARE(r.object.value("loud"), QJsonValue(false));
        QCOMPARE(r.object.value("gain"), QJsonValue(-3));
        QCOMPARE(r.object.value("ratio"), QJsonValue(0.25));
        QCOMPARE(r.object.value("name"), QJsonValue("kitchen"));
        QCOMPARE(r.object.value("quoted"), QJsonValue("42"));
        QCOMPARE(r.object.value("empty"), QJsonValue(""));
        QVERIFY(r.object.value("none").isNull());
        QCOMPARE(r.object.value("phrase"), QJsonValue("hey you"));
        // JSON wire form of the typical command
        QCOMPARE(
            QJsonDocument(parseKeyValues({"volume=80", "muted=true"}).object).toJson(QJsonDocument::Compact),
            QByteArray(R"({"muted":true,"volume":80})"));
    }

    void keyValuesEdgeValues()
    {
        const KeyValueResult r =
            parseKeyValues({"a=1=2", "b=TRUE", "c=12abc", "d=99999999999999999999", "e=1e5"});
        QVERIFY(r.ok());
        QCOMPARE(r.object.value("a"), QJsonValue("1=2"));  // split at the first '='
        QCOMPARE(r.object.value("b"), QJsonValue("TRUE")); // only lowercase true/false are booleans
        QCOMPARE(r.object.value("c"), QJsonValue("12abc"));
        QCOMPARE(r.object.value("d"), QJsonValue("99999999999999999999")); // too big to be exact
        QCOMPARE(r.object.value("e"), QJsonValue("1e5"));
    }

    void keyValuesRejected_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("none") << QStringList{};
        QTest::newRow("no equals") << QStringList{"volume"};
        QTest::newRow("empty key") << QStringList{"=5"};
        QTest::newRow("bad key") << QStringList{"vol ume=5"};
        QTest::newRow("duplicate") << QStringList{"volume=5", "volume=6"};
        QTest::newRow("long key") << QStringList{QString(65, 'k') + "=1"};
    }
    void keyValuesRejected()
    {
        QFETCH(QStringList, args);
        const KeyValueResult r = parseKeyValues(args);
        QVERIFY(!r.ok());
        QVERIFY(r.object.isEmpty());
    }

    void displayWidths()
    {
        QCOMPARE(displayWidth("kitchen"), 7);
        QCOMPARE(displayWidth(QStringLiteral("厨房")), 4);
        QCOMPARE(displayWidth(QStringLiteral("客厅音箱A")), 9);
        QCOMPARE(displayWidth(QStringLiteral("ｆｕｌｌ")), 8); // fullwidth forms
        QCOMPARE(displayWidth(QStringLiteral("e\u0301")), 1);  // combining acute
        QCOMPARE(displayWidth(QStringLiteral("한국")), 4);
        QCOMPARE(displayWidth(QStringLiteral("😀")), 2); // outside the BMP
        QCOMPARE(displayWidth(QStringLiteral("Ü")), 1);
        QCOMPARE(padToWidth(QStringLiteral("厨房"), 6), QStringLiteral("厨房  "));
        QCOMPARE(padToWidth("toolong", 3), QStringLiteral("toolong"));
    }

    void tableAlignsWideCharacters()
    {
        TablePrinter t({"ID", "NAME", "VOL"});
        t.setRightAligned(2);
        t.addRow({"d1", QStringLiteral("厨房"), "80"});
        t.addRow({"d22", "Living room", "5"});
        t.addRow({"d3"}); // short row padded
        const QStringList lines = t.render().split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 4);
        QCOMPARE(lines[0], QStringLiteral("ID   NAME         VOL"));
        QCOMPARE(lines[1], QStringLiteral("d1   厨房          80"));
        QCOMPARE(lines[2], QStringLiteral("d22  Living room    5"));
        QCOMPARE(lines[3], QStringLiteral("d3"));
        // every line of equal columns has the same display width
        QCOMPARE(displayWidth(lines[1]), displayWidth(lines[0]));
        QCOMPARE(displayWidth(lines[2]), displayWidth(lines[0]));
    }

    void tableKeepsGridWithNewlines()
    {
        TablePrinter t({"A", "B"});
        t.addRow({"x\ny", "z\tw"});
        QCOMPARE(t.render(), QStringLiteral("A    B\nx y  z w\n"));
        QCOMPARE(t.rowCount(), 1);
    }

    void globalOptionsAnywhere()
    {
        SplitArguments s =
            splitArguments({"devices", "ls", "--json", "--server", "http://h:1", "--token=abc"});
        QVERIFY(s.error.isEmpty());
        QCOMPARE(s.command, QStringLiteral("devices"));
        QCOMPARE(s.rest, QStringList{"ls"});
        QVERIFY(s.json);
        QCOMPARE(s.server, QStringLiteral("http://h:1"));
        QCOMPARE(s.token, QStringLiteral("abc"));

        s = splitArguments({"--server=http://x", "config", "d1", "volume=3", "--help"});
        QCOMPARE(s.command, QStringLiteral("config"));
        QCOMPARE(s.rest, (QStringList{"d1", "volume=3", "--help"})); // command help, not global
        QVERIFY(!s.help);

        s = splitArguments({"-h"});
        QVERIFY(s.help);
        QVERIFY(s.command.isEmpty());

        QVERIFY(!splitArguments({"devices", "--server"}).error.isEmpty());
        QVERIFY(!splitArguments({"--server="}).error.isEmpty());
        QVERIFY(!splitArguments({"--bogus", "devices"}).error.isEmpty());

        s = splitArguments({"config", "d", "--", "--json=1"});
        QVERIFY(!s.json);
        QCOMPARE(s.rest, (QStringList{"d", "--", "--json=1"}));
    }

    void exitCodes()
    {
        using spk::client::ApiResult;
        const auto make = [](int status, const char *code) {
            ApiResult r;
            r.httpStatus = status;
            r.error.code = QString::fromLatin1(code);
            return r;
        };
        ApiResult ok;
        ok.ok = true;
        QCOMPARE(exitCodeFor(ok), int(ExitOk));
        QCOMPARE(exitCodeFor(make(404, "not_found")), int(ExitError));
        QCOMPARE(exitCodeFor(make(409, "conflict")), int(ExitError));
        QCOMPARE(exitCodeFor(make(401, "unauthorized")), int(ExitAuth));
        QCOMPARE(exitCodeFor(make(403, "forbidden")), int(ExitForbidden));
        QCOMPARE(exitCodeFor(make(504, "device_timeout")), int(ExitDeviceTimeout));
        QCOMPARE(exitCodeFor(make(504, "http_error")), int(ExitError));
        QCOMPARE(exitCodeFor(make(0, "network_error")), int(ExitUnreachable));
        QCOMPARE(exitCodeFor(make(0, "timeout")), int(ExitUnreachable));
        QCOMPARE(exitCodeFor(make(0, "file_error")), int(ExitError));
        QCOMPARE(exitCodeFor(make(0, "tls_error")), int(ExitError)); // waiting will not make it trusted
    }

    void caFileComesFromFlagEnvOrLogin()
    {
        QTemporaryDir dir;
        CredentialsStore store(dir.filePath("c.json"));
        QString error;
        QVERIFY(store.save({"https://a:1", "tokA", "u", {}, "/etc/spk/a-ca.crt"}, &error));
        QCOMPARE(store.load(&error).caFile, QStringLiteral("/etc/spk/a-ca.crt"));
        qunsetenv("SPK_SERVER");
        qunsetenv("SPK_TOKEN");
        qunsetenv("SPK_CA");
        QString outText, errText;
        QTextStream out(&outText), err(&errText);

        Context saved(out, err, store);
        saved.resolve({});
        QCOMPARE(saved.caFile, QStringLiteral("/etc/spk/a-ca.crt")); // remembered with its server
        Context other(out, err, store);
        other.resolve({"https://b:2", {}, false, {}});
        QVERIFY(other.caFile.isEmpty()); // another server: not its CA
        qputenv("SPK_CA", "/env/ca.crt");
        Context env(out, err, store);
        env.resolve({});
        QCOMPARE(env.caFile, QStringLiteral("/env/ca.crt"));
        Context flag(out, err, store);
        flag.resolve({{}, {}, false, "relative/ca.crt"});
        QCOMPARE(flag.caFile, QDir::current().absoluteFilePath("relative/ca.crt")); // saved absolute
        qunsetenv("SPK_CA");

        QVERIFY(store.clearToken(&error)); // logout keeps the server and its CA
        QCOMPARE(store.load(&error).caFile, QStringLiteral("/etc/spk/a-ca.crt"));

        const SplitArguments split = splitArguments({"devices", "--ca", "x.crt", "ls"});
        QCOMPARE(split.caFile, QStringLiteral("x.crt"));
        QCOMPARE(split.rest, QStringList({"ls"}));
        QCOMPARE(splitArguments({"--ca=y.crt", "whoami"}).caFile, QStringLiteral("y.crt"));
        QVERIFY(!splitArguments({"whoami", "--ca"}).error.isEmpty());
    }

    void credentialsFileIsPrivate()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("cfg/spk/spkctl.json");
        CredentialsStore store(path);
        QString error;
        QCOMPARE(store.load(&error).token, QString()); // missing file: empty, no error
        QVERIFY(error.isEmpty());

        const QDateTime exp(QDate(2030, 1, 2), QTime(3, 4, 5), Qt::UTC);
        QVERIFY2(store.save({"http://h:1", "tok", "admin", exp, {}}, &error), qPrintable(error));
        struct stat st
        {
        };
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
        QCOMPARE(int(st.st_mode & 0777), 0600);
        QCOMPARE(::stat(QFile::encodeName(dir.filePath("cfg/spk")).constData(), &st), 0);
        QCOMPARE(int(st.st_mode & 0777), 0700);

        StoredCredentials c = store.load(&error);
        QCOMPARE(c.server, QStringLiteral("http://h:1"));
        QCOMPARE(c.token, QStringLiteral("tok"));
        QCOMPARE(c.username, QStringLiteral("admin"));
        QCOMPARE(c.expiresAt, exp);

        QVERIFY(store.clearToken(&error));
        c = store.load(&error);
        QCOMPARE(c.server, QStringLiteral("http://h:1")); // the server is remembered
        QVERIFY(c.token.isEmpty());
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
        QCOMPARE(int(st.st_mode & 0777), 0600);
    }

    void credentialsCorruptFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("spkctl.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{not json");
        f.close();
        CredentialsStore store(path);
        QString error;
        QVERIFY(store.load(&error).token.isEmpty());
        QVERIFY(!error.isEmpty());
        QVERIFY(store.clearToken(&error)); // forgetting still works
        QVERIFY(!QFile::exists(path));
    }

    void defaultPathFollowsXdg()
    {
        qputenv("XDG_CONFIG_HOME", "/tmp/xdg-test");
        QCOMPARE(CredentialsStore::defaultFilePath(), QStringLiteral("/tmp/xdg-test/spk/spkctl.json"));
        qputenv("XDG_CONFIG_HOME", "relative/not/allowed");
        QVERIFY(CredentialsStore::defaultFilePath().endsWith("/.config/spk/spkctl.json"));
        qunsetenv("XDG_CONFIG_HOME");
    }

    void storedTokenOnlyForItsServer()
    {
        QTemporaryDir dir;
        CredentialsStore store(dir.filePath("c.json"));
        QString error;
        QVERIFY(store.save({"http://a:1", "tokA", "u", {}, {}}, &error));
        qunsetenv("SPK_SERVER");
        qunsetenv("SPK_TOKEN");
        QString outText, errText;
        QTextStream out(&outText), err(&errText);

        Context same(out, err, store);
        same.resolve({});
        QCOMPARE(same.server, QStringLiteral("http://a:1"));
        QCOMPARE(same.token, QStringLiteral("tokA"));

        Context other(out, err, store);
        other.resolve({"http://b:2/", {}, false, {}});
        QCOMPARE(other.server, QStringLiteral("http://b:2"));
        QVERIFY(other.token.isEmpty()); // never sent to another host

        qputenv("SPK_TOKEN", "envtok");
        Context env(out, err, store);
        env.resolve({});
        QCOMPARE(env.token, QStringLiteral("envtok"));
        Context flag(out, err, store);
        flag.resolve({{}, "flagtok", true, {}});
        QCOMPARE(flag.token, QStringLiteral("flagtok"));
        QVERIFY(flag.json);
        qunsetenv("SPK_TOKEN");
    }

    void formatting()
    {
        QCOMPARE(formatAgo(5), QStringLiteral("5 s ago"));
        QCOMPARE(formatAgo(125), QStringLiteral("2 min ago"));
        QCOMPARE(formatAgo(7200), QStringLiteral("2 h ago"));
        QCOMPARE(formatAgo(3 * 86400), QStringLiteral("3 d ago"));
        QCOMPARE(formatDurationMs(850), QStringLiteral("850 ms"));
        QCOMPARE(formatDurationMs(12345), QStringLiteral("12.3 s"));
        QCOMPARE(formatDurationMs(125000), QStringLiteral("2 min 05 s"));
        QCOMPARE(formatTime(QDateTime()), QStringLiteral("-"));
        QCOMPARE(formatSettings(QJsonObject{{"volume", 80}, {"muted", true}}),
                 QStringLiteral("muted=true volume=80"));
    }

    void liveEventLines()
    {
        const QDateTime at = QDateTime::currentDateTime();
        const QString hhmmss = at.toString("HH:mm:ss");
        QString line = formatLiveEvent(
            QJsonDocument::fromJson(
                R"({"type":"status_update","device_id":"d1","data":{"online":true,"battery":85}})")
                .object(),
            at);
        QVERIFY2(line.startsWith(hhmmss + "  d1"), qPrintable(line));
        QVERIFY2(line.endsWith("online battery=85"), qPrintable(line));
        line = formatLiveEvent(
            QJsonDocument::fromJson(R"({"type":"session_progress","device_id":"d1","session_id":7,
            "stage":"recognizing","text":"turn on"})")
                .object(),
            at);
        QVERIFY2(line.contains("session 7") && line.contains("recognizing") && line.endsWith("\"turn on\""),
                 qPrintable(line));
        line = formatLiveEvent(
            QJsonDocument::fromJson(
                R"({"type":"config_ack","device_id":"d1","request_id":"r1","config":{"volume":5}})")
                .object(),
            at);
        QVERIFY2(line.contains("volume=5") && line.contains("r1"), qPrintable(line));
        QVERIFY(formatLiveEvent(QJsonObject{}, at).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSpkctlLogic)
#include "tst_spkctl_logic.moc"
