// spkctl and spksim against a TLS front built as in production (tls_stack.h): nginx terminating HTTPS/WSS
// before spkd, Mosquitto's TLS listener with device credentials, certificates from a private CA made by
// scripts/gen-certs.sh; voice conversations with the reply on wss:// /ws/audio or downloaded over
// https://. With --ca the clients work; without it, or with another CA, they refuse the
// certificate and say so.
#include "tests/support/require_service.h"
#include "tls_stack.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace spk::test;

namespace {

struct Run
{
    int code = -1;
    QString out, err;
    QString describe() const
    {
        return QStringLiteral("exit %1\nstdout: %2\nstderr: %3").arg(code).arg(out, err);
    }
};

QProcessEnvironment cleanEnv(const QString &home)
{
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.insert(QStringLiteral("XDG_CONFIG_HOME"), home);
    for (const char *name : {"SPK_SERVER", "SPK_TOKEN", "SPK_CA"})
        e.remove(QLatin1String(name));
    e.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    return e;
}

Run finish(QProcess &p, int timeoutMs)
{
    Run r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(3000);
        r.err = QStringLiteral("did not finish within %1 ms; ").arg(timeoutMs);
    } else {
        r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    }
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err += QString::fromUtf8(p.readAllStandardError());
    return r;
}

// One spkctl "home" (its own credentials file).
class Spkctl
{
public:
    Run run(const QStringList &args, const QByteArray &stdinData = {}, int timeoutMs = 30000) const
    {
        QProcess p;
        p.setProcessEnvironment(cleanEnv(home_.path()));
        p.start(QStringLiteral(SPKCTL_BIN), args);
        p.write(stdinData);
        p.closeWriteChannel();
        return finish(p, timeoutMs);
    }
    void startWatch(QProcess *p, const QStringList &args) const
    {
        p->setProcessEnvironment(cleanEnv(home_.path()));
        p->start(QStringLiteral(SPKCTL_BIN), args);
    }
    QString home() const { return home_.path(); }

private:
    QTemporaryDir home_;
};

const QString kSpeech = QStringLiteral("/usr/share/pocketsphinx/test/data/goforward.raw"); // 16 kHz s16le

QStringList spksimArgs(const QString &broker, const QString &idsFile)
{
    return {"--broker", broker, "--ids-from", idsFile, "--no-progress", "--status-interval", "1s"};
}

} // namespace

class TestTlsClients : public QObject
{
    Q_OBJECT
    std::unique_ptr<TlsStack> stack_;
    Spkctl admin_; // logged in through nginx with --ca
    QString idsFile_;

    QJsonObject deviceJson(const QString &id)
    {
        const Run r = admin_.run({"--json", "devices", "show", id});
        return QJsonDocument::fromJson(r.out.toUtf8()).object();
    }

private slots:
    void initTestCase()
    {
        const QString missing = TlsStack::missingTools(true);
        SPK_REQUIRE_AVAILABLE("nginx, mosquitto, openssl and the spk auth plugin", missing.isEmpty(),
                              "apt-get install nginx mosquitto openssl; build spk_mosquitto_auth");
        stack_ = std::make_unique<TlsStack>();
        QString error;
        QVERIFY2(stack_->start({}, &error), qPrintable(error));
    }
    void cleanupTestCase() { stack_.reset(); }

    void spkctlWorksOverHttpsWithTheCa()
    {
        const Run login = admin_.run({"--server", stack_->httpsUrl(), "--ca", stack_->caFile(), "login",
                                      "--user", SpkdProcess::adminName(), "--password-stdin"},
                                     SpkdProcess::adminPassword().toUtf8() + '\n');
        QVERIFY2(login.code == 0, qPrintable(login.describe()));
        // The CA is remembered with the server: later commands need neither flag.
        const Run ls = admin_.run({"devices", "ls"});
        QVERIFY2(ls.code == 0 && ls.err.isEmpty(), qPrintable(ls.describe()));
        const Run add =
            admin_.run({"--json", "devices", "add", "tls-1", "--name", "TLS speaker", "--owner", "1"});
        QVERIFY2(add.code == 0, qPrintable(add.describe()));
        const QString secret = QJsonDocument::fromJson(add.out.toUtf8()).object().value("secret").toString();
        QVERIFY2(!secret.isEmpty(), qPrintable(add.out));
        idsFile_ = stack_->path("devices.txt");
        QFile f(idsFile_);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QStringLiteral("tls-1 %1\n").arg(secret).toUtf8());
    }

    void spkctlRefusesAnUntrustedCertificate_data()
    {
        QTest::addColumn<QStringList>("caArgs");
        QTest::addColumn<QString>("says");
        QTest::newRow("no --ca") << QStringList() << "certificate not trusted";
        QTest::newRow("another CA") << QStringList{"--ca", stack_->otherCaFile()}
                                    << "certificate not trusted";
        QTest::newRow("not a CA file")
            << QStringList{"--ca", stack_->garbageCaFile()} << "no PEM certificate";
    }
    void spkctlRefusesAnUntrustedCertificate()
    {
        QFETCH(QStringList, caArgs);
        QFETCH(QString, says);
        const Spkctl fresh; // nothing remembered
        const Run r = fresh.run(QStringList{"--server", stack_->httpsUrl()} + caArgs +
                                    QStringList{"login", "--user", "admin", "--password-stdin"},
                                SpkdProcess::adminPassword().toUtf8() + '\n');
        QVERIFY2(r.code == 1 && r.err.contains(says), qPrintable(r.describe()));
        QVERIFY2(r.err.contains("--ca"), qPrintable(r.err));        // the way out is named
        QVERIFY(!QFile::exists(fresh.home() + "/spk/spkctl.json")); // no login happened
        // SPK_CA is the same as --ca.
        if (caArgs.isEmpty()) {
            QProcess p;
            QProcessEnvironment e = cleanEnv(fresh.home());
            e.insert("SPK_CA", stack_->caFile());
            p.setProcessEnvironment(e);
            p.start(QStringLiteral(SPKCTL_BIN),
                    {"--server", stack_->httpsUrl(), "login", "--user", "admin", "--password-stdin"});
            p.write(SpkdProcess::adminPassword().toUtf8() + '\n');
            p.closeWriteChannel();
            const Run ok = finish(p, 30000);
            QVERIFY2(ok.code == 0, qPrintable(ok.describe()));
        }
    }

    void watchRefusesAnUntrustedCertificateAtOnce()
    {
        // Logged in (token and CA saved), but told to trust another CA: no retry loop, exit 1.
        const Run r = admin_.run({"--ca", stack_->otherCaFile(), "watch", "--count", "1"}, {}, 15000);
        QVERIFY2(r.code == 1 && r.err.contains("certificate not trusted"), qPrintable(r.describe()));
        QVERIFY2(!r.err.contains("Watching"), qPrintable(r.err));
    }

    void spksimRefusesAnUntrustedBroker_data()
    {
        QTest::addColumn<QStringList>("caArgs");
        QTest::newRow("no --ca") << QStringList();
        QTest::newRow("another CA") << QStringList{"--ca", stack_->otherCaFile()};
    }
    void spksimRefusesAnUntrustedBroker()
    {
        QFETCH(QStringList, caArgs);
        QVERIFY(!idsFile_.isEmpty());
        QProcess sim;
        sim.setProcessEnvironment(cleanEnv(admin_.home()));
        sim.start(QStringLiteral(SPKSIM_BIN),
                  spksimArgs(stack_->mqttsUrl(), idsFile_) + caArgs + QStringList{"--duration", "4s"});
        const Run r = finish(sim, 30000);
        QVERIFY2(r.code == 1, qPrintable(r.describe())); // no device could connect
        QVERIFY2(r.err.contains("certificate not trusted") && r.err.contains(stack_->mqttsUrl()),
                 qPrintable(r.describe()));
        QVERIFY2(r.err.contains(caArgs.isEmpty() ? QStringLiteral("pass --ca FILE") : stack_->otherCaFile()),
                 qPrintable(r.err));
        QCOMPARE(deviceJson("tls-1").value("online").toBool(), false);
    }

    void spksimComesOnlineOverMqttsAndWatchSeesItOverWss()
    {
        QVERIFY(!idsFile_.isEmpty());
        QProcess watch;
        admin_.startWatch(&watch, {"--json", "watch", "--device", "tls-1", "--count", "1"});
        // "Watching wss://…/ws" on stderr once the WebSocket through nginx is open.
        QByteArray watchErr;
        QTRY_VERIFY_WITH_TIMEOUT((watchErr += watch.readAllStandardError()).contains("Watching wss://"),
                                 15000);

        QProcess sim;
        sim.setProcessEnvironment(cleanEnv(admin_.home()));
        sim.start(QStringLiteral(SPKSIM_BIN), spksimArgs(stack_->mqttsUrl(), idsFile_) +
                                                  QStringList{"--ca", stack_->caFile(), "--duration", "30s"});
        const Run seen = finish(watch, 20000);
        QVERIFY2(seen.code == 0,
                 qPrintable(seen.describe() + "\nspksim: " + sim.readAllStandardError() + stack_->logs()));
        const QJsonObject event = QJsonDocument::fromJson(seen.out.toUtf8().trimmed()).object();
        QCOMPARE(event.value("type").toString(), QStringLiteral("status_update"));
        QCOMPARE(event.value("device_id").toString(), QStringLiteral("tls-1"));
        // The status reached spkd through the broker's TLS listener and the credentials check.
        QTRY_VERIFY_WITH_TIMEOUT(deviceJson("tls-1").value("online").toBool(), 10000);
        const Run ls = admin_.run({"devices", "ls"});
        QVERIFY2(ls.code == 0 && ls.out.contains("tls-1"), qPrintable(ls.describe()));
        sim.terminate();
        const Run simRun = finish(sim, 15000);
        QVERIFY2(simRun.code == 0 && simRun.out.contains("ever connected         1"),
                 qPrintable(simRun.describe()));
    }

    // A conversation: MQTT over the TLS listener, the reply on wss:// /ws/audio through nginx (wake/ack's
    // ws_url), or, when that socket cannot open, the fallback reply downloaded over https:// through nginx.
    void voiceConversationOverTls_data()
    {
        QTest::addColumn<QStringList>("extraArgs");
        QTest::addColumn<bool>("fallback");
        QTest::newRow("reply on wss /ws/audio") << QStringList() << false;
        QTest::newRow("fallback download over https")
            << QStringList{"--server", QStringLiteral("https://127.0.0.1:%1").arg(freePort())} << true;
    }
    void voiceConversationOverTls()
    {
        QFETCH(QStringList, extraArgs);
        QFETCH(bool, fallback);
        SPK_REQUIRE_AVAILABLE("pocketsphinx-testdata", QFile::exists(kSpeech),
                              "apt-get install pocketsphinx-testdata");
        QVERIFY(!idsFile_.isEmpty());
        QProcess sim;
        sim.setProcessEnvironment(cleanEnv(admin_.home()));
        sim.start(QStringLiteral(SPKSIM_BIN),
                  QStringList{"--voice", kSpeech, "--broker", stack_->mqttsUrl(), "--ca", stack_->caFile(),
                              "--ids-from", idsFile_, "--no-progress", "--json"} +
                      extraArgs);
        const Run r = finish(sim, 90000);
        QVERIFY2(r.code == 0, qPrintable(r.describe() + stack_->logs()));
        const QJsonObject summary = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(summary.value("completed").toInt(), 1);
        const QJsonObject session = summary.value("sessions").toArray().first().toObject();
        QCOMPARE(session.value("fallback").toBool(), fallback);
        QVERIFY2(session.value("reply_frames").toInt() > 0 || fallback, qPrintable(r.out));
        QCOMPARE(summary.value("audio_socket_opens").toInt() > 0, !fallback);
    }
};

QTEST_GUILESS_MAIN(TestTlsClients)
#include "tst_tls_clients.moc"
