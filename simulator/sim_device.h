#pragma once
// One simulated speaker: the host adapter between a Paho MQTT client and spk::fw::DeviceCore.
// It feeds Paho events (marshalled onto this object's thread by PahoRelay) into the core and
// performs the Actions the core queues: publish, subscribe, reconnect later, reboot, power off.
#include "firmware/device_core.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mqtt {
class async_client;
class ssl_options;
} // namespace mqtt

namespace spk::sim {

class PahoRelay;

struct HostSettings
{
    std::string brokerUri;
    int ackDelayMs = 0;
    bool failAcks = false;
};

// What the host side counts (the core counts the protocol side).
struct HostCounters
{
    quint64 connectAttempts = 0;
    quint64 connectFailures = 0;
    quint64 reconnects = 0; // successful connections after the first
    quint64 published = 0;  // handed to Paho
    quint64 publishErrors = 0;
    quint64 acksDelayed = 0;
    quint64 acksWithheld = 0; // --fail-acks, or the link went down during --ack-delay
    quint64 upgradesIgnored = 0;

    HostCounters &operator+=(const HostCounters &o)
    {
        connectAttempts += o.connectAttempts;
        connectFailures += o.connectFailures;
        reconnects += o.reconnects;
        published += o.published;
        publishErrors += o.publishErrors;
        acksDelayed += o.acksDelayed;
        acksWithheld += o.acksWithheld;
        upgradesIgnored += o.upgradesIgnored;
        return *this;
    }
};

class SimDevice : public QObject
{
    Q_OBJECT
public:
    // Throws mqtt::exception when Paho rejects the broker URI.
    SimDevice(std::unique_ptr<fw::DeviceCore> core, const HostSettings &settings, QObject *parent = nullptr);
    ~SimDevice() override;

    void start();             // first connection attempt
    void tick(quint64 nowMs); // forwards the fleet clock to the core
    void powerOff();          // graceful: goodbye status, clean disconnect; emits stopped()

    fw::DeviceCore &core() { return *core_; }
    const fw::DeviceCore &core() const { return *core_; }
    const HostCounters &counters() const { return counters_; }
    bool isConnected() const { return link_ == Link::Connected; }
    bool isStopped() const { return link_ == Link::Off; }
    // Time from the first connect() call to its CONNACK, once connected.
    std::optional<qint64> firstConnectMs() const { return firstConnectMs_; }
    // --fail-acks switched at run time: the core still applies commands, their acks stay here.
    void setFailAcks(bool fail) { settings_.failAcks = fail; }

    // Called (queued) by PahoRelay on this object's thread.
    void onConnectSucceeded();
    void onConnectFailed(int returnCode);
    void onLinkLost(const QString &cause);
    void onMessage(const std::string &topic, const std::string &payload);
    void onDisconnectDone();

signals:
    void stopped();
    // A connection attempt failed (refused, TLS handshake, bad credentials: Paho does not say which).
    void connectFailed();
    void linkUp(); // a connection (first or later) is established

private:
    enum class Link { Idle, Connecting, Connected, Disconnecting, Off };

    void connectNow();
    void disconnectNow();
    void runActions();
    void subscribe(const std::vector<fw::Subscribe> &batch);
    void publish(const fw::Publish &p);
    void publishAck(const fw::Publish &p);
    void finishIfOff();
    mqtt::ssl_options sslOptions(const fw::TlsSettings &tls);

    std::unique_ptr<fw::DeviceCore> core_;
    HostSettings settings_;
    std::shared_ptr<PahoRelay> relay_;
    std::unique_ptr<mqtt::async_client> client_;
    Link link_ = Link::Idle;
    bool wantOff_ = false;
    bool connectWhenDisconnected_ = false;
    QTimer reconnectTimer_;
    QElapsedTimer connectClock_;
    std::optional<qint64> firstConnectMs_;
    HostCounters counters_;
};

} // namespace spk::sim
