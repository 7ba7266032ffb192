#pragma once
// A device for gateway tests: a real MQTT client (spkd's MqttClient over Paho) that acks config and
// reboot like firmware does, with a switch to stay silent. The full device logic lives in firmware/ and
// is exercised through spksim in the simulator tests.
#include "server/mqtt/mqtt_client.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QList>

namespace spk::test {

class FakeDevice : public QObject
{
    Q_OBJECT
public:
    FakeDevice(const QString &id, const QString &brokerUrl, QObject *parent = nullptr);
    void connectNow();
    bool waitConnected(int ms = 5000);
    void publishStatus(const QJsonObject &status);
    void publishRaw(const QString &suffix, const QByteArray &payload);
    void disconnectUncleanly(); // the broker then publishes the LWT

    bool acks = true;
    QList<QJsonObject> configsReceived;

private:
    void onMessage(const QString &topic, const QByteArray &payload);
    QString id_;
    spk::server::MqttClient client_;
};

} // namespace spk::test
