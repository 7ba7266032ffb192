#include "simulator/sim_device.h"

#include "simulator/paho_relay.h"
#include "simulator/sim_logging.h"

#include <mqtt/async_client.h>

namespace spk::sim {

namespace {
// DISCONNECT goes out right after what is queued (Paho keeps a client's commands in order and TCP keeps
// the bytes in order, so the broker has the acks and the goodbye first). Waiting for their PUBACKs would
// cost up to seconds: Paho 1.3.12 checks pending disconnects only on its 1 s housekeeping cycle.
constexpr int kDisconnectWaitMs = 0;
constexpr int kConnectTimeoutS = 10;

bool isAckTopic(const std::string &topic)
{
    static const std::string suffix = "/ack";
    return topic.size() > suffix.size() &&
           topic.compare(topic.size() - suffix.size(), suffix.size(), suffix) == 0;
}
} // namespace

SimDevice::SimDevice(std::unique_ptr<fw::DeviceCore> core, const HostSettings &settings, QObject *parent)
    : QObject(parent), core_(std::move(core)), settings_(settings), relay_(std::make_shared<PahoRelay>(this))
{
    // No persistence and no offline buffer: like the firmware, a device offline drops what it would send.
    client_ = std::make_unique<mqtt::async_client>(settings_.brokerUri, core_->deviceId(), 0, nullptr);
    client_->set_callback(*relay_);
    reconnectTimer_.setSingleShot(true);
    connect(&reconnectTimer_, &QTimer::timeout, this, &SimDevice::connectNow);
}

SimDevice::~SimDevice()
{
    relay_->detach();
    client_.reset(); // no Paho callback can run after this; the relay may go next
}

void SimDevice::start()
{
    if (link_ == Link::Idle && !wantOff_)
        connectNow();
}

void SimDevice::tick(quint64 nowMs)
{
    core_->tick(nowMs);
    runActions();
}

void SimDevice::powerOff()
{
    core_->powerOff();
    runActions();
    finishIfOff();
}

// ---------------------------------------------------------------- Paho events

void SimDevice::onConnectSucceeded()
{
    if (link_ != Link::Connecting)
        return;
    link_ = Link::Connected;
    if (!firstConnectMs_)
        firstConnectMs_ = connectClock_.elapsed();
    else
        ++counters_.reconnects;
    emit linkUp();
    core_->connected();
    runActions();
}

void SimDevice::onConnectFailed(int returnCode)
{
    if (link_ != Link::Connecting)
        return;
    link_ = Link::Idle;
    ++counters_.connectFailures;
    qCDebug(lcSimDevice) << core_->deviceId().c_str() << "connect failed, code" << returnCode;
    emit connectFailed();
    core_->disconnected();
    runActions();
    finishIfOff();
}

void SimDevice::onLinkLost(const QString &cause)
{
    if (link_ != Link::Connected)
        return; // a planned disconnect, or already handled
    link_ = Link::Idle;
    qCInfo(lcSimDevice) << core_->deviceId().c_str() << "lost the broker:"
                        << (cause.isEmpty() ? QStringLiteral("connection closed") : cause);
    core_->disconnected();
    runActions();
}

void SimDevice::onMessage(const std::string &topic, const std::string &payload)
{
    core_->messageReceived(topic, payload);
    runActions();
}

void SimDevice::onDisconnectDone()
{
    if (link_ != Link::Disconnecting)
        return;
    link_ = Link::Idle;
    if (wantOff_) {
        finishIfOff();
    } else if (connectWhenDisconnected_) {
        connectWhenDisconnected_ = false;
        connectNow();
    }
}

// ---------------------------------------------------------------- actions

void SimDevice::runActions()
{
    std::vector<fw::Subscribe> subscribes;
    for (auto &action : core_->takeActions()) {
        if (auto *s = std::get_if<fw::Subscribe>(&action)) {
            subscribes.push_back(*s); // batched: one SUBSCRIBE packet for the whole connect burst
            continue;
        }
        subscribe(subscribes);
        subscribes.clear();
        if (auto *p = std::get_if<fw::Publish>(&action)) {
            if (isAckTopic(p->topic))
                publishAck(*p);
            else
                publish(*p);
        } else if (auto *r = std::get_if<fw::ScheduleReconnect>(&action)) {
            if (!wantOff_)
                reconnectTimer_.start(int(r->delayMs));
        } else if (std::holds_alternative<fw::Reboot>(action)) {
            qCInfo(lcSimDevice) << core_->deviceId().c_str() << "rebooting";
            disconnectNow();
        } else if (std::holds_alternative<fw::Disconnect>(action)) {
            wantOff_ = true;
            reconnectTimer_.stop();
            disconnectNow();
        } else if (auto *u = std::get_if<fw::StartUpgrade>(&action)) {
            ++counters_.upgradesIgnored;
            qCInfo(lcSimDevice).nospace()
                << core_->deviceId().c_str() << ": upgrade to " << u->version.c_str()
                << " requested; spksim does not download firmware";
        } else if (auto *l = std::get_if<fw::LogEvent>(&action)) {
            if (l->level == fw::LogEvent::Level::Warning)
                qCWarning(lcSimDevice).nospace() << core_->deviceId().c_str() << ": " << l->message.c_str();
            else
                qCInfo(lcSimDevice).nospace() << core_->deviceId().c_str() << ": " << l->message.c_str();
        }
    }
    subscribe(subscribes);
}

void SimDevice::subscribe(const std::vector<fw::Subscribe> &batch)
{
    if (batch.empty() || link_ != Link::Connected)
        return;
    auto filters = std::make_shared<mqtt::string_collection>();
    mqtt::iasync_client::qos_collection qos;
    for (const auto &s : batch) {
        filters->push_back(s.filter);
        qos.push_back(s.qos);
    }
    try {
        client_->subscribe(filters, qos);
    } catch (const mqtt::exception &e) {
        qCWarning(lcSimDevice) << core_->deviceId().c_str() << "subscribe failed:" << e.what();
    }
}

void SimDevice::publish(const fw::Publish &p)
{
    if (link_ != Link::Connected) {
        ++counters_.publishErrors;
        return;
    }
    try {
        client_->publish(p.topic, p.payload.data(), p.payload.size(), p.qos, p.retain);
        ++counters_.published;
    } catch (const mqtt::exception &e) {
        ++counters_.publishErrors;
        qCWarning(lcSimDevice) << core_->deviceId().c_str() << "publish failed:" << e.what();
    }
}

void SimDevice::publishAck(const fw::Publish &p)
{
    if (settings_.failAcks) {
        ++counters_.acksWithheld;
        return;
    }
    if (settings_.ackDelayMs <= 0)
        return publish(p);
    ++counters_.acksDelayed;
    QTimer::singleShot(settings_.ackDelayMs, this, [this, p] {
        if (link_ == Link::Connected)
            publish(p);
        else
            ++counters_.acksWithheld;
    });
}

// ---------------------------------------------------------------- link

void SimDevice::connectNow()
{
    if (wantOff_)
        return finishIfOff();
    if (link_ == Link::Disconnecting) {
        connectWhenDisconnected_ = true; // a reboot's downtime ended before its disconnect did
        return;
    }
    if (link_ != Link::Idle)
        return;
    const fw::ConnectSettings s = core_->connectSettings();
    mqtt::connect_options opts;
    opts.set_clean_session(s.cleanSession);
    opts.set_keep_alive_interval(s.keepAliveSeconds);
    opts.set_connect_timeout(kConnectTimeoutS);
    opts.set_automatic_reconnect(false); // the core's backoff decides
    opts.set_mqtt_version(MQTTVERSION_3_1_1);
    opts.set_will(mqtt::will_options(s.will.topic, s.will.payload, s.will.qos, s.will.retain));
    if (!s.username.empty()) {
        opts.set_user_name(s.username);
        opts.set_password(s.password);
    }
    if (s.tls.enabled)
        opts.set_ssl(sslOptions(s.tls));
    // TCP_NODELAY: Paho C 1.3.12 has no option for it; TcpNoDelaySweeper sets it once we are connected.
    link_ = Link::Connecting;
    ++counters_.connectAttempts;
    if (!firstConnectMs_)
        connectClock_.start();
    try {
        client_->connect(opts, nullptr, *relay_);
    } catch (const mqtt::exception &e) {
        qCWarning(lcSimDevice) << core_->deviceId().c_str() << "connect failed:" << e.what();
        onConnectFailed(e.get_return_code());
    }
}

mqtt::ssl_options SimDevice::sslOptions(const fw::TlsSettings &tls)
{
    // Peer and host name verification are always on; the trust store is the CA file, or the system's.
    // No error handler: Paho C++ 1.2.0 calls it through a pointer to a copy that is gone by then (crash).
    // Paho reports a failed handshake like any failed connect; Fleet's TlsProbe tells why.
    mqtt::ssl_options ssl;
    if (!tls.caFile.empty())
        ssl.set_trust_store(tls.caFile);
    else if (!tls.caPem.empty())
        qCWarning(lcSimDevice) << core_->deviceId().c_str()
                               << "a CA as PEM text needs a host that can load it; using the system's CAs";
    ssl.set_enable_server_cert_auth(true);
    ssl.set_verify(true);
    ssl.set_ssl_version(MQTT_SSL_VERSION_TLS_1_2);
    return ssl;
}

void SimDevice::disconnectNow()
{
    if (link_ != Link::Connected) {
        finishIfOff();
        return;
    }
    link_ = Link::Disconnecting;
    try {
        client_->disconnect(kDisconnectWaitMs, nullptr, *relay_);
    } catch (const mqtt::exception &e) {
        qCWarning(lcSimDevice) << core_->deviceId().c_str() << "disconnect failed:" << e.what();
        onDisconnectDone();
    }
}

void SimDevice::finishIfOff()
{
    if (!wantOff_ || link_ == Link::Off)
        return;
    if (link_ == Link::Idle) {
        link_ = Link::Off;
        emit stopped();
    }
    // Connecting: the connect result decides (the core answers a late connect with Disconnect).
}

} // namespace spk::sim
