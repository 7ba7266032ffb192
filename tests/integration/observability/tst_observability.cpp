// Observability of a real spkd (docs/metrics.md): its /metrics (admin only here) passes
// `promtool check metrics` and counts what the test did (routes, statuses, MQTT kinds, the config ack,
// the dependency probe); with SPK_LOG_FORMAT=json every line it writes is one JSON object, and the log
// sites with a device or a request carry them as fields.
#include "tests/support/firmware_device.h"
#include "tests/support/require_service.h"
#include "tests/support/spkd_process.h"

#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>

using namespace spk::test;

namespace {

QByteArray json(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// "name{labels}" -> value, for every sample line of a text exposition.
QHash<QString, double> samples(const QByteArray &text)
{
    QHash<QString, double> out;
    for (const QByteArray &raw : text.split('\n')) {
        if (raw.isEmpty() || raw.startsWith('#'))
            continue;
        const int space = raw.lastIndexOf(' ');
        out.insert(QString::fromUtf8(raw.left(space)), raw.mid(space + 1).toDouble());
    }
    return out;
}

// promtool's exit code and output for `text` on stdin.
int promtoolCheck(const QString &promtool, const QByteArray &text, QByteArray *output)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(promtool, {QStringLiteral("check"), QStringLiteral("metrics")});
    if (!p.waitForStarted(10000))
        return -1;
    p.write(text);
    p.closeWriteChannel();
    if (!p.waitForFinished(30000))
        return -1;
    *output = p.readAll();
    return p.exitCode();
}

} // namespace

class TestObservability : public QObject
{
    Q_OBJECT

    std::unique_ptr<SpkdProcess> spkd_;
    QString admin_;

    QByteArray scrape()
    {
        const HttpResult r = spkd_->api("GET", "/metrics", admin_);
        return r.status == 200 ? r.body : QByteArray();
    }

private slots:
    void initTestCase()
    {
        spkd_ = std::make_unique<SpkdProcess>();
        SpkdProcess::Options o;
        o.env << "SPK_LOG_FORMAT=json"
              << "SPK_METRICS_PUBLIC=false"
              << "SPK_DEVICES_ACK_TIMEOUT_MS=5000";
        QString error;
        QVERIFY2(spkd_->start(o, &error), qPrintable(error));
        admin_ = spkd_->adminToken();
        QVERIFY(!admin_.isEmpty());
    }

    void cleanupTestCase() { spkd_.reset(); }

    void metricsAreForAdmins()
    {
        QCOMPARE(spkd_->api("GET", "/metrics", {}).status, 401);
        QCOMPARE(spkd_->api("GET", "/metrics", admin_).status, 200);
    }

    void trafficIsCounted()
    {
        QCOMPARE(spkd_->api("GET", "/api/no/such/thing", admin_).status, 404);
        const QString secret = spkd_
                                   ->api("POST", "/api/devices", admin_,
                                         json({{"id", "obs-1"}, {"name", "Obs"}, {"owner_id", 1}}))
                                   .json.value("secret")
                                   .toString();
        QVERIFY(!secret.isEmpty());
        FirmwareDevice::Options firmware;
        firmware.secret = secret;
        FirmwareDevice device("obs-1", spkd_->mqttUrl(), firmware);
        QVERIFY(device.start());
        QCOMPARE(spkd_->api("PUT", "/api/devices/obs-1/config", admin_, json({{"volume", 70}})).status, 200);

        QHash<QString, double> m;
        // The dependency probe runs every 5 s; the device's first status may still be on its way.
        QVERIFY(QTest::qWaitFor(
            [&] {
                m = samples(scrape());
                return m.value(R"(spk_dependency_up{dependency="broker"})") == 1 &&
                       m.value("spk_devices_online") == 1;
            },
            15000));
        QCOMPARE(m.value(R"(spk_dependency_up{dependency="database"})"), 1.0);
        QCOMPARE(m.value(R"(spk_dependency_up{dependency="cache"})"), 1.0);
        QCOMPARE(m.value("spk_ready"), 1.0);
        QCOMPARE(m.value("spk_devices_registered"), 1.0);
        QVERIFY(m.value(R"(spk_http_requests_total{route="unmatched",method="GET",status="404"})") >= 1);
        QCOMPARE(
            m.value(R"(spk_http_requests_total{route="/api/devices/{id}/config",method="PUT",status="200"})"),
            1.0);
        QCOMPARE(m.value(R"(spk_http_requests_total{route="/api/devices",method="POST",status="201"})") +
                     m.value(R"(spk_http_requests_total{route="/api/devices",method="POST",status="200"})"),
                 1.0);
        QCOMPARE(
            m.value(
                R"(spk_http_request_duration_seconds_count{route="/api/devices/{id}/config",method="PUT"})"),
            1.0);
        // The PUT waited for the device: its duration holds the ack's.
        const double ack = m.value(R"(spk_device_command_ack_seconds_sum{command="config"})");
        QCOMPARE(m.value(R"(spk_device_command_ack_seconds_count{command="config"})"), 1.0);
        QVERIFY(ack > 0 && ack < 5);
        QVERIFY(
            m.value(
                R"(spk_http_request_duration_seconds_sum{route="/api/devices/{id}/config",method="PUT"})") >=
            ack);
        QCOMPARE(m.value(R"(spk_mqtt_messages_published_total{kind="config"})"), 1.0);
        QVERIFY(m.value(R"(spk_mqtt_messages_received_total{kind="config/ack"})") >= 1);
        QVERIFY(m.value(R"(spk_mqtt_messages_received_total{kind="status"})") >= 1);
        QVERIFY(m.value(R"(spk_mqtt_messages_published_total{kind="events"})") >= 1); // ack and status events
        QCOMPARE(m.value("spk_bridge_active_sessions"), 0.0);
        QVERIFY(m.contains(R"(spk_bridge_stage_seconds_count{stage="final_transcript"})"));
        // No raw paths as label values: the 404's path is not in the scrape.
        QVERIFY(!scrape().contains("no/such/thing"));
    }

    void promtoolAcceptsTheScrape()
    {
        const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
        SPK_REQUIRE_AVAILABLE("promtool", !promtool.isEmpty(),
                              "apt-get install prometheus; scripts/install-deps.sh does");
        const QByteArray text = scrape();
        QVERIFY(text.contains("spk_http_request_duration_seconds_bucket"));
        QByteArray output;
        QCOMPARE(promtoolCheck(promtool, text, &output), 0);
        QVERIFY2(output.trimmed().isEmpty(), output.constData());
        // The check is live: a metric in ms (what promtool refuses) makes it fail.
        const QByteArray bad = text + "# HELP spk_bad_ms x\n# TYPE spk_bad_ms gauge\nspk_bad_ms 1\n";
        QVERIFY(promtoolCheck(promtool, bad, &output) != 0);
        QVERIFY2(output.contains("spk_bad_ms"), output.constData());
    }

    void everyLogLineIsOneJsonObject()
    {
        spkd_->stop(); // the shutdown lines too
        const QStringList lines = spkd_->logs().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY(lines.size() > 5);
        bool ackWithFields = false;
        for (const QString &line : lines) {
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(line.toUtf8(), &error);
            QVERIFY2(error.error == QJsonParseError::NoError && doc.isObject(), qPrintable(line));
            const QJsonObject o = doc.object();
            for (const char *key : {"time", "level", "category", "message"})
                QVERIFY2(o.value(QLatin1String(key)).isString(), qPrintable(line));
            QVERIFY2(QRegularExpression(QStringLiteral(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$)"))
                         .match(o.value("time").toString())
                         .hasMatch(),
                     qPrintable(line));
            if (o.value("message").toString().startsWith("config acked by obs-1"))
                ackWithFields =
                    o.value("device_id").toString() == "obs-1" && !o.value("request_id").toString().isEmpty();
        }
        QVERIFY2(ackWithFields, "no 'config acked' line with device_id and request_id fields");
    }
};

QTEST_GUILESS_MAIN(TestObservability)
#include "tst_observability.moc"
