#pragma once
// Devices for the integration tests of spkd and spk-console.
//
// FirmwareDevice is the real device logic — spk::fw::DeviceCore, hosted over Paho by spksim's
// SimDevice — connected to the broker through a TCP link the test can cut. So the tests see what a
// speaker really sends: its connect burst, its acks, its status and its MQTT will.
//
// RawMqttPublisher sends what no firmware sends (malformed, forged or oversized messages), for the
// cases that test the server's defences.
#include "firmware/device_core.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTcpServer>
#include <QTimer>
#include <memory>

class QTcpSocket;

namespace spk::sim {
class SimDevice;
}
namespace spk::server {
class MqttClient;
}

namespace spk::test {

// A TCP relay on 127.0.0.1 to a broker. cut() ends every connection at once, without an MQTT
// DISCONNECT, and refuses new ones: to the broker the device has vanished, so it publishes the will.
class CuttableTcpLink : public QObject
{
    Q_OBJECT
public:
    CuttableTcpLink(const QString &host, quint16 port, QObject *parent = nullptr);
    ~CuttableTcpLink() override;
    bool isListening() const { return server_.isListening(); }
    quint16 port() const { return server_.serverPort(); }
    void cut();

private:
    void onNewConnection();
    QString host_;
    quint16 upstreamPort_;
    QTcpServer server_;
    QList<QTcpSocket *> sockets_;
};

class FirmwareDevice : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString firmware = QStringLiteral("1.0.0");
        int battery = 100;
        double temperature = 35.0;
        int volume = 50;
        // false: the core applies commands but the host never sends the acks (spksim's --fail-acks).
        bool acks = true;
        // Its secret from POST /api/devices: the MQTT password (protocol.md §7); empty = anonymous.
        QString secret;
    };

    FirmwareDevice(const QString &id, const QString &brokerUrl, QObject *parent = nullptr);
    FirmwareDevice(const QString &id, const QString &brokerUrl, const Options &options,
                   QObject *parent = nullptr);
    ~FirmwareDevice() override;

    // Connects and waits for the session (the core then subscribes and publishes its first status).
    bool start(int timeoutMs = 10000);
    bool isConnected() const;
    spk::fw::DeviceCore &core();

    // Device-side changes, sent the way the firmware sends them (a retained status, QoS 1).
    void report(int battery, double temperature); // sensors changed: battery and temperature
    void pressVolume(int volume);                 // the volume buttons
    // false: from now on the core still applies commands but no ack leaves the device (a firmware
    // that went silent); true: acks go out again. The connection stays as it is.
    void setAcks(bool acks);
    // The network goes away under the device (see CuttableTcpLink); it keeps trying to reconnect.
    void cutLink();
    // Graceful power-off: a retained {"online":false}, a clean DISCONNECT.
    bool powerOff(int timeoutMs = 10000);

private:
    bool create(QString *error);
    void runActions(); // performs what core calls queued (SimDevice does it on its own events)

    QString id_;
    QString brokerHost_;
    quint16 brokerPort_ = 0;
    Options options_;
    std::unique_ptr<CuttableTcpLink> link_;
    std::unique_ptr<spk::sim::SimDevice> host_;
    QElapsedTimer clock_;
    QTimer ticker_;
};

// One MQTT connection (QoS 1) that publishes arbitrary bytes on arbitrary topics. Messages from one
// connection reach a subscriber in the order they were sent on each topic (MQTT 3.1.1 §4.6), and
// Mosquitto keeps that order across topics too.
class RawMqttPublisher
{
public:
    // Logs in as `username` (spkd's service account, or a device with its id as client id too) when given.
    explicit RawMqttPublisher(const QString &brokerUrl, const QString &username = {},
                              const QString &password = {});
    ~RawMqttPublisher();
    bool connect(int timeoutMs = 10000);
    void publish(const QString &topic, const QByteArray &payload);

private:
    std::unique_ptr<spk::server::MqttClient> client_;
};

} // namespace spk::test
