#include "tests/support/firmware_device.h"
#include "tests/support/spkd_process.h"

#include "server/mqtt/mqtt_client.h"
#include "simulator/sim_device.h"

#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QUrl>
#include <QUuid>

namespace spk::test {

// ---------------------------------------------------------------- CuttableTcpLink

CuttableTcpLink::CuttableTcpLink(const QString &host, quint16 port, QObject *parent)
    : QObject(parent), host_(host), upstreamPort_(port)
{
    connect(&server_, &QTcpServer::newConnection, this, &CuttableTcpLink::onNewConnection);
    server_.listen(QHostAddress::LocalHost, 0);
}

CuttableTcpLink::~CuttableTcpLink()
{
    cut();
}

void CuttableTcpLink::onNewConnection()
{
    while (QTcpSocket *device = server_.nextPendingConnection()) {
        auto *broker = new QTcpSocket(this);
        device->setParent(this);
        device->setSocketOption(QAbstractSocket::LowDelayOption, 1); // no Nagle delay per packet
        sockets_ << device << broker;
        // Relays one direction; when one side closes, the other is closed after what it still has.
        auto pipe = [this](QTcpSocket *from, QTcpSocket *to) {
            connect(from, &QTcpSocket::readyRead, to, [from, to] { to->write(from->readAll()); });
            connect(from, &QTcpSocket::disconnected, to, [from, to] {
                to->write(from->readAll());
                to->disconnectFromHost();
            });
        };
        // The device's bytes wait in its socket until the broker side is up.
        connect(broker, &QTcpSocket::connected, this, [device, broker, pipe] {
            broker->setSocketOption(QAbstractSocket::LowDelayOption, 1);
            pipe(device, broker);
            pipe(broker, device);
            broker->write(device->readAll());
            if (device->state() != QAbstractSocket::ConnectedState)
                broker->disconnectFromHost();
        });
        connect(broker, &QTcpSocket::errorOccurred, device, [device, broker] {
            if (broker->state() != QAbstractSocket::ConnectedState)
                device->abort();
        });
        broker->connectToHost(host_, upstreamPort_);
    }
}

void CuttableTcpLink::cut()
{
    server_.close();
    const QList<QTcpSocket *> sockets = std::exchange(sockets_, {});
    for (QTcpSocket *s : sockets)
        s->disconnect(); // no relaying of the teardown: both ends just see the connection die
    for (QTcpSocket *s : sockets) {
        s->abort();
        s->deleteLater();
    }
}

// ---------------------------------------------------------------- FirmwareDevice

FirmwareDevice::FirmwareDevice(const QString &id, const QString &brokerUrl, QObject *parent)
    : FirmwareDevice(id, brokerUrl, Options{}, parent)
{
}

FirmwareDevice::FirmwareDevice(const QString &id, const QString &brokerUrl, const Options &options,
                               QObject *parent)
    : QObject(parent), id_(id), options_(options)
{
    const QUrl url(brokerUrl);
    brokerHost_ = url.host();
    brokerPort_ = quint16(url.port(1883));
    clock_.start();
    // The core's clock: heartbeats and the time of every event.
    ticker_.setInterval(100);
    connect(&ticker_, &QTimer::timeout, this, [this] {
        if (host_)
            host_->tick(quint64(clock_.elapsed()));
    });
    ticker_.start();
}

FirmwareDevice::~FirmwareDevice()
{
    host_.reset(); // Paho is gone before the link it talks through
    link_.reset();
}

bool FirmwareDevice::create(QString *error)
{
    spk::fw::DeviceOptions o;
    o.deviceId = id_.toStdString();
    o.firmwareVersion = options_.firmware.toStdString();
    o.battery = options_.battery;
    o.temperature = options_.temperature;
    o.initialConfig.volume = options_.volume;
    o.secret = options_.secret.toStdString();
    std::string coreError;
    auto core = spk::fw::DeviceCore::create(o, &coreError);
    if (!core) {
        *error = QString::fromStdString(coreError);
        return false;
    }
    link_ = std::make_unique<CuttableTcpLink>(brokerHost_, brokerPort_);
    if (!link_->isListening()) {
        *error = QStringLiteral("the test link cannot listen");
        return false;
    }
    spk::sim::HostSettings settings;
    settings.brokerUri = QStringLiteral("tcp://127.0.0.1:%1").arg(link_->port()).toStdString();
    settings.failAcks = !options_.acks;
    host_ = std::make_unique<spk::sim::SimDevice>(std::move(core), settings);
    host_->tick(quint64(clock_.elapsed()));
    return true;
}

bool FirmwareDevice::start(int timeoutMs)
{
    QString error;
    if (!host_ && !create(&error)) {
        qWarning().noquote() << "FirmwareDevice" << id_ << ":" << error;
        return false;
    }
    host_->start();
    return QTest::qWaitFor([this] { return host_->isConnected(); }, timeoutMs);
}

bool FirmwareDevice::isConnected() const
{
    return host_ && host_->isConnected();
}

spk::fw::DeviceCore &FirmwareDevice::core()
{
    return host_->core();
}

void FirmwareDevice::runActions()
{
    host_->tick(quint64(clock_.elapsed())); // SimDevice performs queued actions after each tick
}

void FirmwareDevice::report(int battery, double temperature)
{
    core().setBattery(battery);
    core().setTemperature(temperature);
    core().publishStatusNow();
    runActions();
}

void FirmwareDevice::pressVolume(int volume)
{
    core().setLocalVolume(volume);
    runActions();
}

bool FirmwareDevice::powerOff(int timeoutMs)
{
    if (!host_)
        return true;
    QSignalSpy stopped(host_.get(), &spk::sim::SimDevice::stopped);
    host_->powerOff();
    return host_->isStopped() || stopped.wait(timeoutMs);
}

void FirmwareDevice::setAcks(bool acks)
{
    options_.acks = acks;
    if (host_)
        host_->setFailAcks(!acks);
}

void FirmwareDevice::cutLink()
{
    if (link_)
        link_->cut();
}

// ---------------------------------------------------------------- RawMqttPublisher

RawMqttPublisher::RawMqttPublisher(const QString &brokerUrl, const QString &username, const QString &password)
{
    spk::server::MqttClient::Options o;
    o.url = brokerUrl;
    o.clientId = QStringLiteral("raw-publisher-") + QUuid::createUuid().toString(QUuid::Id128).left(12);
    // A device's client id is its username (the broker refuses anything else); spkd's may be any.
    if (!username.isEmpty() && username != SpkdProcess::mqttServiceUser())
        o.clientId = username;
    o.username = username;
    o.password = password;
    client_ = std::make_unique<spk::server::MqttClient>(o);
}

RawMqttPublisher::~RawMqttPublisher() = default;

bool RawMqttPublisher::connect(int timeoutMs)
{
    client_->start();
    return QTest::qWaitFor([this] { return client_->isConnected(); }, timeoutMs);
}

void RawMqttPublisher::publish(const QString &topic, const QByteArray &payload)
{
    client_->publish(topic, payload, 1, false);
}

} // namespace spk::test
