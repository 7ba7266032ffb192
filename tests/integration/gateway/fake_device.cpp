#include "fake_device.h"

#include <QSignalSpy>
#include <QTest>

namespace spk::test {

static spk::server::MqttClient::Options deviceOptions(const QString &id, const QString &url)
{
    spk::server::MqttClient::Options o;
    o.url = url;
    o.clientId = id;
    o.cleanSession = false;
    o.keepAliveSeconds = 2;
    o.willTopic = QStringLiteral("device/%1/status").arg(id);
    o.willPayload = R"({"online":false})";
    o.willRetain = true;
    return o;
}

FakeDevice::FakeDevice(const QString &id, const QString &brokerUrl, QObject *parent)
    : QObject(parent), id_(id), client_(deviceOptions(id, brokerUrl))
{
    connect(&client_, &spk::server::MqttClient::messageReceived, this, &FakeDevice::onMessage);
    client_.subscribe(QStringLiteral("device/%1/config").arg(id), 1);
    client_.subscribe(QStringLiteral("device/%1/reboot").arg(id), 1);
}

void FakeDevice::connectNow()
{
    client_.start();
}

bool FakeDevice::waitConnected(int ms)
{
    return QTest::qWaitFor([this] { return client_.isConnected(); }, ms);
}

void FakeDevice::publishStatus(const QJsonObject &status)
{
    publishRaw(QStringLiteral("status"), QJsonDocument(status).toJson(QJsonDocument::Compact));
}

void FakeDevice::publishRaw(const QString &suffix, const QByteArray &payload)
{
    client_.publish(QStringLiteral("device/%1/%2").arg(id_, suffix), payload, 1, false);
}

void FakeDevice::disconnectUncleanly()
{
    // Paho has no "drop the socket" call; stop() sends DISCONNECT, which suppresses the will, so the
    // will is published explicitly instead, exactly as the broker would.
    client_.publish(QStringLiteral("device/%1/status").arg(id_), R"({"online":false})", 1, true);
    client_.stop();
}

void FakeDevice::onMessage(const QString &topic, const QByteArray &payload)
{
    if (payload.isEmpty())
        return; // a cleared retained message
    const QJsonObject o = QJsonDocument::fromJson(payload).object();
    if (topic.endsWith(QLatin1String("/config"))) {
        configsReceived.append(o);
        if (!acks)
            return;
        QJsonObject ack = o; // firmware acks with the applied config
        publishRaw(QStringLiteral("config/ack"), QJsonDocument(ack).toJson(QJsonDocument::Compact));
    } else if (topic.endsWith(QLatin1String("/reboot")) && acks) {
        publishRaw(
            QStringLiteral("reboot/ack"),
            QJsonDocument(QJsonObject{{QStringLiteral("request_id"), o.value(QStringLiteral("request_id"))}})
                .toJson(QJsonDocument::Compact));
    }
}

} // namespace spk::test
