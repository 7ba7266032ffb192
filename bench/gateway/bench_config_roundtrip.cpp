// Scene 2 latency: PUT /api/devices/{id}/config → MQTT → device ack → HTTP 200, sequentially, next to the
// bare Mosquitto round trip (publish → another client echoes → receive) measured in the same run.
// Prints p50/p95/p99 in ms (and JSON with --json). Not a test: run by bench/gateway/run.sh.
#include "server/mqtt/mqtt_client.h"
#include "shared/client/tls_trust.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslConfiguration>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <vector>

using spk::server::MqttClient;

namespace {

struct Stats
{
    double p50, p95, p99, max;
};

Stats summarize(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    auto at = [&](double q) {
        return v[std::min(v.size() - 1, static_cast<size_t>(q * (v.size() - 1) + 0.5))];
    };
    return {at(0.50), at(0.95), at(0.99), v.back()};
}

bool waitFor(const std::function<bool()> &cond, int ms)
{
    QElapsedTimer t;
    t.start();
    while (!cond() && t.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
    return cond();
}

std::vector<double> mqttRoundTrips(const QString &broker, int count)
{
    // Both log in as spkd's service account (SPK_MQTT_USERNAME / SPK_MQTT_PASSWORD, as run.sh sets).
    MqttClient::Options a;
    a.url = broker;
    a.clientId = QStringLiteral("bench-ping");
    a.username = qEnvironmentVariable("SPK_MQTT_USERNAME", QStringLiteral("spkd"));
    a.password = qEnvironmentVariable("SPK_MQTT_PASSWORD");
    MqttClient::Options b = a;
    b.clientId = QStringLiteral("bench-echo");
    MqttClient ping(a), echo(b);
    QObject::connect(&echo, &MqttClient::messageReceived, [&](const QString &, const QByteArray &p) {
        echo.publish(QStringLiteral("bench/pong"), p, 1, false);
    });
    echo.subscribe(QStringLiteral("bench/ping"), 1);
    ping.subscribe(QStringLiteral("bench/pong"), 1);
    int received = 0;
    QObject::connect(&ping, &MqttClient::messageReceived,
                     [&](const QString &, const QByteArray &) { ++received; });
    ping.start();
    echo.start();
    waitFor([&] { return ping.isConnected() && echo.isConnected(); }, 5000);
    QThread::msleep(200);
    std::vector<double> out;
    for (int i = 0; i < count; ++i) {
        QElapsedTimer t;
        t.start();
        const int want = received + 1;
        ping.publish(QStringLiteral("bench/ping"), QByteArray::number(i), 1, false);
        if (!waitFor([&] { return received >= want; }, 2000))
            continue;
        out.push_back(t.nsecsElapsed() / 1e6);
    }
    return out;
}

std::vector<double> configRoundTrips(const QString &url, const QString &token, const QString &device,
                                     int count, const QSslConfiguration &tls, int *failures)
{
    QNetworkAccessManager nam;
    std::vector<double> out;
    for (int i = 0; i < count; ++i) {
        QNetworkRequest req(QUrl(url + QStringLiteral("/api/devices/") + device + QStringLiteral("/config")));
        req.setRawHeader("Authorization", "Bearer " + token.toUtf8());
        req.setSslConfiguration(tls);
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("volume"), i % 101}}).toJson();
        QElapsedTimer t;
        t.start();
        QNetworkReply *reply = nam.put(req, body);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        reply->deleteLater();
        if (status != 200) {
            ++*failures;
            continue;
        }
        out.push_back(t.nsecsElapsed() / 1e6);
    }
    return out;
}

void print(const char *name, const std::vector<double> &v)
{
    if (v.empty()) {
        printf("%-28s no samples\n", name);
        return;
    }
    const Stats s = summarize(v);
    printf("%-28s n=%-5zu p50=%7.2f ms  p95=%7.2f ms  p99=%7.2f ms  max=%7.2f ms\n", name, v.size(), s.p50,
           s.p95, s.p99, s.max);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Config round-trip benchmark (see bench/gateway/run.sh)."));
    p.addHelpOption();
    p.addOptions(
        {{QStringLiteral("url"), QStringLiteral("spkd base URL."), QStringLiteral("URL")},
         {QStringLiteral("token"), QStringLiteral("Admin token."), QStringLiteral("T")},
         {QStringLiteral("device"), QStringLiteral("A connected (simulated) device."), QStringLiteral("ID")},
         {QStringLiteral("broker"), QStringLiteral("MQTT broker URL."), QStringLiteral("URL")},
         {QStringLiteral("ca"), QStringLiteral("CA file for an https:// URL (a private CA)."),
          QStringLiteral("FILE")},
         {QStringLiteral("count"), QStringLiteral("Requests per series (200)."), QStringLiteral("N"),
          QStringLiteral("200")}});
    p.process(app);
    QSslConfiguration tls = spk::client::TlsTrust::systemDefault();
    QString tlsError;
    if (p.isSet(QStringLiteral("ca")) &&
        !spk::client::TlsTrust::load(p.value(QStringLiteral("ca")), &tls, &tlsError)) {
        fprintf(stderr, "%s\n", qPrintable(tlsError));
        return 2;
    }
    const int count = p.value(QStringLiteral("count")).toInt();
    const auto mqtt = mqttRoundTrips(p.value(QStringLiteral("broker")), count);
    int failures = 0;
    const auto config = configRoundTrips(p.value(QStringLiteral("url")), p.value(QStringLiteral("token")),
                                         p.value(QStringLiteral("device")), count, tls, &failures);
    print("mosquitto round trip", mqtt);
    print("PUT config round trip", config);
    if (!mqtt.empty() && !config.empty())
        printf("ratio (config p50 / mqtt p50): %.1fx; failed requests: %d\n",
               summarize(config).p50 / summarize(mqtt).p50, failures);
    return config.empty() ? 1 : 0;
}
