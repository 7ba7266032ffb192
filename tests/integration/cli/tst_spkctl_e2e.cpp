// spkctl end to end against a real spkd (embedded broker, SQLite, temp data dir, free ports):
// login/logout with the credentials file, users, devices, config without a device (504 -> exit 6,
// config kept), roles (403 -> exit 4), sessions, audit, watch, and the documented exit codes.
#include "tests/support/spkd_process.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/stat.h>

namespace {

struct Run
{
    int code = -1;
    QString out, err;
};

// One spkctl "home": its own XDG_CONFIG_HOME, so logins do not mix.
class SpkctlHome
{
public:
    SpkctlHome() = default;
    QString configFile() const { return dir_.filePath("spk/spkctl.json"); }

    QProcessEnvironment env() const
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert("XDG_CONFIG_HOME", dir_.path());
        e.remove("SPK_SERVER");
        e.remove("SPK_TOKEN");
        e.insert("LC_ALL", "C.UTF-8");
        return e;
    }

    Run run(const QStringList &args, const QByteArray &stdinData = {}, int timeoutMs = 30000) const
    {
        QProcess p;
        p.setProcessEnvironment(env());
        p.start(QStringLiteral(SPKCTL_BIN), args);
        Run r;
        if (!p.waitForStarted(10000))
            return r;
        p.write(stdinData);
        p.closeWriteChannel();
        if (!p.waitForFinished(timeoutMs)) {
            p.kill();
            p.waitForFinished(5000);
            r.err = QStringLiteral("spkctl did not finish within %1 ms").arg(timeoutMs);
            return r;
        }
        r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }

private:
    QTemporaryDir dir_;
};

QJsonObject jsonOf(const Run &r)
{
    return QJsonDocument::fromJson(r.out.toUtf8()).object();
}

#define EXPECT_EXIT(run, expected)                                                                           \
    QVERIFY2((run).code == (expected),                                                                       \
             qPrintable(QStringLiteral("exit %1 (want %2)\nstdout: %3\nstderr: %4")                          \
                            .arg((run).code)                                                                 \
                            .arg(expected)                                                                   \
                            .arg((run).out, (run).err)))

} // namespace

class TestSpkctlE2E : public QObject
{
    Q_OBJECT

    spk::test::SpkdProcess spkd_;
    QString server_;
    SpkctlHome admin_;

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(spkd_.start({}, &error), qPrintable(error));
        server_ = spkd_.baseUrl();
        while (server_.endsWith('/'))
            server_.chop(1);
    }

    void cleanupTestCase() { spkd_.stop(); }

    void usageErrorsNeedNoServer()
    {
        EXPECT_EXIT(admin_.run({"--server", server_, "frobnicate"}), 2);
        EXPECT_EXIT(admin_.run({"--server", server_, "config", "dev-1", "volume"}), 2);
        EXPECT_EXIT(admin_.run({"--server", server_, "devices", "show", "bad id!"}), 2);
        const Run help = admin_.run({"devices", "--help"});
        EXPECT_EXIT(help, 0);
        QVERIFY(help.out.contains("Examples:"));
        // not logged in yet
        const Run r = admin_.run({"--server", server_, "devices", "ls"});
        EXPECT_EXIT(r, 3);
        QVERIFY(r.err.contains("not logged in"));
    }

    void loginSavesPrivateCredentials()
    {
        Run r = admin_.run(
            {"--server", server_, "login", "--user", spk::test::SpkdProcess::adminName(), "--password-stdin"},
            "wrong-password\n");
        EXPECT_EXIT(r, 3);
        QVERIFY(!QFileInfo::exists(admin_.configFile()));

        r = admin_.run(
            {"--server", server_, "login", "--user", spk::test::SpkdProcess::adminName(), "--password-stdin"},
            spk::test::SpkdProcess::adminPassword().toUtf8() + "\n");
        EXPECT_EXIT(r, 0);
        QVERIFY(r.out.contains(spk::test::SpkdProcess::adminName()));
        struct stat st
        {
        };
        QCOMPARE(::stat(QFile::encodeName(admin_.configFile()).constData(), &st), 0);
        QCOMPARE(int(st.st_mode & 0777), 0600);
        QFile f(admin_.configFile());
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject saved = QJsonDocument::fromJson(f.readAll()).object();
        QCOMPARE(saved.value("server").toString(), server_);
        QVERIFY(!saved.value("token").toString().isEmpty());

        r = admin_.run({"whoami"}); // server and token now come from the file
        EXPECT_EXIT(r, 0);
        QVERIFY(r.out.contains("admin"));
    }

    void usersAndDevices()
    {
        Run r = admin_.run({"--json", "users", "add", "alice", "--role", "user", "--password-stdin"},
                           "alice-password-1\n");
        EXPECT_EXIT(r, 0);
        const qint64 aliceId = jsonOf(r).value("id").toInteger();
        QVERIFY(aliceId > 0);
        EXPECT_EXIT(
            admin_.run({"users", "add", "alice", "--role", "user", "--password-stdin"}, "x-password-2\n"),
            1); // 409 conflict
        EXPECT_EXIT(admin_.run({"users", "add", "bob", "--role", "emperor", "--password-stdin"}, "pw\n"), 2);

        r = admin_.run({"users", "ls"});
        EXPECT_EXIT(r, 0);
        QVERIFY(r.out.contains("alice"));
        QVERIFY(r.out.startsWith("ID"));

        r = admin_.run({"devices", "add", "kit-1", "--name", QStringLiteral("厨房"), "--owner",
                        QString::number(aliceId)});
        EXPECT_EXIT(r, 0);
        QVERIFY(r.out.contains("shown only now"));
        r = admin_.run(
            {"--json", "devices", "add", "den-2", "--name", "Den", "--owner", QString::number(aliceId)});
        EXPECT_EXIT(r, 0);
        QVERIFY(!jsonOf(r).value("secret").toString().isEmpty());
        EXPECT_EXIT(
            admin_.run({"devices", "add", "kit-1", "--name", "Again", "--owner", QString::number(aliceId)}),
            1);

        r = admin_.run({"devices", "ls"});
        EXPECT_EXIT(r, 0);
        QVERIFY(r.out.contains("kit-1"));
        QVERIFY(r.out.contains(QStringLiteral("厨房")));
        QVERIFY(r.out.contains("offline"));

        r = admin_.run({"--json", "devices", "show", "kit-1"});
        EXPECT_EXIT(r, 0);
        QCOMPARE(jsonOf(r).value("id").toString(), QStringLiteral("kit-1"));

        r = admin_.run({"devices", "show", "no-such-device"});
        EXPECT_EXIT(r, 1);
        QVERIFY(r.err.contains("HTTP 404"));
    }

    void configWithoutDeviceTimesOutButIsKept()
    {
        EXPECT_EXIT(admin_.run({"config", "kit-1", "volume=150"}), 1); // 400: volume is 0-100
        const Run r = admin_.run({"config", "kit-1", "volume=42"}, {}, 40000);
        EXPECT_EXIT(r, 6);
        QVERIFY(r.err.contains("device_timeout"));
        const QJsonObject d = jsonOf(admin_.run({"--json", "devices", "show", "kit-1"}));
        QCOMPARE(d.value("config").toObject().value("volume").toInt(), 42);
        EXPECT_EXIT(admin_.run({"reboot", "kit-1"}, {}, 40000), 6);
    }

    void roleLimits()
    {
        SpkctlHome alice;
        EXPECT_EXIT(alice.run({"--server", server_, "login", "--user", "alice", "--password-stdin"},
                              "alice-password-1\n"),
                    0);
        Run r = alice.run({"--json", "devices", "ls"});
        EXPECT_EXIT(r, 0);
        QCOMPARE(jsonOf(r).value("devices").toArray().size(), 2);
        EXPECT_EXIT(alice.run({"users", "ls"}), 4);
        EXPECT_EXIT(alice.run({"audit"}), 4);
        EXPECT_EXIT(alice.run({"devices", "rm", "kit-1"}), 4);
    }

    void sessionsAndAudit()
    {
        Run r = admin_.run({"--json", "sessions", "ls", "--limit", "5"});
        EXPECT_EXIT(r, 0);
        QVERIFY(jsonOf(r).value("sessions").isArray());
        EXPECT_EXIT(admin_.run({"sessions", "ls", "--status", "bogus"}), 2);
        EXPECT_EXIT(admin_.run({"sessions", "show", "987654"}), 1);
        EXPECT_EXIT(admin_.run({"sessions", "audio", "987654", "--track", "user", "-o",
                                QDir::temp().filePath("spkctl-e2e-none.ogg")}),
                    1);
        r = admin_.run({"audit", "--limit", "50"});
        EXPECT_EXIT(r, 0);
        QVERIFY2(r.out.contains("device"), qPrintable(r.out));
    }

    void watchConnectsAndStopsOnInterrupt()
    {
        QProcess p;
        p.setProcessEnvironment(admin_.env());
        p.start(QStringLiteral(SPKCTL_BIN), {"watch"});
        QVERIFY(p.waitForStarted(10000));
        QString err;
        QTRY_VERIFY_WITH_TIMEOUT((err += QString::fromUtf8(p.readAllStandardError())).contains("Watching"),
                                 15000);
        ::kill(static_cast<pid_t>(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 0);

        const Run bad = admin_.run({"--token", "not-a-jwt", "watch"}, {}, 20000);
        EXPECT_EXIT(bad, 3);
    }

    void removeThenLogout()
    {
        EXPECT_EXIT(admin_.run({"devices", "rm", "den-2"}), 0);
        EXPECT_EXIT(admin_.run({"devices", "show", "den-2"}), 1);

        QFile f(admin_.configFile());
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString oldToken = QJsonDocument::fromJson(f.readAll()).object().value("token").toString();
        f.close();
        EXPECT_EXIT(admin_.run({"logout"}), 0);
        EXPECT_EXIT(admin_.run({"devices", "ls"}), 3); // forgotten locally
        EXPECT_EXIT(admin_.run({"--token", oldToken, "--server", server_, "whoami"}),
                    3); // revoked on the server
    }

    void unreachableServer()
    {
        quint16 port = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            port = probe.serverPort();
        }
        const Run r = admin_.run(
            {"--server", QStringLiteral("http://127.0.0.1:%1").arg(port), "--token", "t", "devices", "ls"});
        EXPECT_EXIT(r, 5);
        QVERIFY(r.err.contains("Cannot reach"));
    }
};

QTEST_GUILESS_MAIN(TestSpkctlE2E)
#include "tst_spkctl_e2e.moc"
