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
    : QObject(parent), m_core(std::move(core)), m_settings(settings),
      m_relay(std::make_shared<PahoRelay>(this))
{
    // No persistence and no offline buffer: like the firmware, a device offline drops what it would send.
    m_client = std::make_unique<mqtt::async_client>(m_settings.brokerUri, m_core->deviceId(), 0, nullptr);
    m_client->set_callback(*m_relay);
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &SimDevice::connectNow);
}

SimDevice::~SimDevice()
{
    m_relay->detach();
    m_client.reset(); // no Paho callback can run after this; the relay may go next
}

void SimDevice::start()
{
    if (m_link == Link::Idle && !m_wantOff)
        connectNow();
}

void SimDevice::tick(quint64 nowMs)
{
    m_core->tick(nowMs);
    runActions();
}

void SimDevice::powerOff()
{
    m_core->powerOff();
    runActions();
    finishIfOff();
}

// ---------------------------------------------------------------- Paho events

void SimDevice::onConnectSucceeded()
{
    if (m_link != Link::Connecting)
        return;
    m_link = Link::Connected;
    if (!m_firstConnectMs)
        m_firstConnectMs = m_connectClock.elapsed();
    else
        ++m_counters.reconnects;
    emit linkUp();
    m_core->connected();
    runActions();
}

void SimDevice::onConnectFailed(int returnCode)
{
    if (m_link != Link::Connecting)
        return;
    m_link = Link::Idle;
    ++m_counters.connectFailures;
    qCDebug(lcSimDevice) << m_core->deviceId().c_str() << "connect failed, code" << returnCode;
    m_core->disconnected();
    runActions();
    finishIfOff();
}

void SimDevice::onLinkLost(const QString &cause)
{
    if (m_link != Link::Connected)
        return; // a planned disconnect, or already handled
    m_link = Link::Idle;
    qCInfo(lcSimDevice) << m_core->deviceId().c_str() << "lost the broker:"
                        << (cause.isEmpty() ? QStringLiteral("connection closed") : cause);
    m_core->disconnected();
    runActions();
}

void SimDevice::onMessage(const std::string &topic, const std::string &payload)
{
    m_core->messageReceived(topic, payload);
    runActions();
}

void SimDevice::onDisconnectDone()
{
    if (m_link != Link::Disconnecting)
        return;
    m_link = Link::Idle;
    if (m_wantOff) {
        finishIfOff();
    } else if (m_connectWhenDisconnected) {
        m_connectWhenDisconnected = false;
        connectNow();
    }
}

// ---------------------------------------------------------------- actions

void SimDevice::runActions()
{
    std::vector<fw::Subscribe> subscribes;
    for (auto &action : m_core->takeActions()) {
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
            if (!m_wantOff)
                m_reconnectTimer.start(int(r->delayMs));
        } else if (std::holds_alternative<fw::Reboot>(action)) {
            qCInfo(lcSimDevice) << m_core->deviceId().c_str() << "rebooting";
            disconnectNow();
        } else if (std::holds_alternative<fw::Disconnect>(action)) {
            m_wantOff = true;
            m_reconnectTimer.stop();
            disconnectNow();
        } else if (auto *u = std::get_if<fw::StartUpgrade>(&action)) {
            ++m_counters.upgradesIgnored;
            qCInfo(lcSimDevice).nospace()
                << m_core->deviceId().c_str() << ": upgrade to " << u->version.c_str()
                << " requested; spksim does not download firmware";
        } else if (auto *l = std::get_if<fw::LogEvent>(&action)) {
            if (l->level == fw::LogEvent::Level::Warning)
                qCWarning(lcSimDevice).nospace() << m_core->deviceId().c_str() << ": " << l->message.c_str();
            else
                qCInfo(lcSimDevice).nospace() << m_core->deviceId().c_str() << ": " << l->message.c_str();
        }
    }
    subscribe(subscribes);
}

void SimDevice::subscribe(const std::vector<fw::Subscribe> &batch)
{
    if (batch.empty() || m_link != Link::Connected)
        return;
    auto filters = std::make_shared<mqtt::string_collection>();
    mqtt::iasync_client::qos_collection qos;
    for (const auto &s : batch) {
        filters->push_back(s.filter);
        qos.push_back(s.qos);
    }
    try {
        m_client->subscribe(filters, qos);
    } catch (const mqtt::exception &e) {
        qCWarning(lcSimDevice) << m_core->deviceId().c_str() << "subscribe failed:" << e.what();
    }
}

void SimDevice::publish(const fw::Publish &p)
{
    if (m_link != Link::Connected) {
        ++m_counters.publishErrors;
        return;
    }
    try {
        m_client->publish(p.topic, p.payload.data(), p.payload.size(), p.qos, p.retain);
        ++m_counters.published;
    } catch (const mqtt::exception &e) {
        ++m_counters.publishErrors;
        qCWarning(lcSimDevice) << m_core->deviceId().c_str() << "publish failed:" << e.what();
    }
}

void SimDevice::publishAck(const fw::Publish &p)
{
    if (m_settings.failAcks) {
        ++m_counters.acksWithheld;
        return;
    }
    if (m_settings.ackDelayMs <= 0)
        return publish(p);
    ++m_counters.acksDelayed;
    QTimer::singleShot(m_settings.ackDelayMs, this, [this, p] {
        if (m_link == Link::Connected)
            publish(p);
        else
            ++m_counters.acksWithheld;
    });
}

// ---------------------------------------------------------------- link

void SimDevice::connectNow()
{
    if (m_wantOff)
        return finishIfOff();
    if (m_link == Link::Disconnecting) {
        m_connectWhenDisconnected = true; // a reboot's downtime ended before its disconnect did
        return;
    }
    if (m_link != Link::Idle)
        return;
    const fw::ConnectSettings s = m_core->connectSettings();
    mqtt::connect_options opts;
    opts.set_clean_session(s.cleanSession);
    opts.set_keep_alive_interval(s.keepAliveSeconds);
    opts.set_connect_timeout(kConnectTimeoutS);
    opts.set_automatic_reconnect(false); // the core's backoff decides
    opts.set_mqtt_version(MQTTVERSION_3_1_1);
    opts.set_will(mqtt::will_options(s.will.topic, s.will.payload, s.will.qos, s.will.retain));
    // TCP_NODELAY: Paho C 1.3.12 has no option for it; TcpNoDelaySweeper sets it once we are connected.
    m_link = Link::Connecting;
    ++m_counters.connectAttempts;
    if (!m_firstConnectMs)
        m_connectClock.start();
    try {
        m_client->connect(opts, nullptr, *m_relay);
    } catch (const mqtt::exception &e) {
        qCWarning(lcSimDevice) << m_core->deviceId().c_str() << "connect failed:" << e.what();
        onConnectFailed(e.get_return_code());
    }
}

void SimDevice::disconnectNow()
{
    if (m_link != Link::Connected) {
        finishIfOff();
        return;
    }
    m_link = Link::Disconnecting;
    try {
        m_client->disconnect(kDisconnectWaitMs, nullptr, *m_relay);
    } catch (const mqtt::exception &e) {
        qCWarning(lcSimDevice) << m_core->deviceId().c_str() << "disconnect failed:" << e.what();
        onDisconnectDone();
    }
}

void SimDevice::finishIfOff()
{
    if (!m_wantOff || m_link == Link::Off)
        return;
    if (m_link == Link::Idle) {
        m_link = Link::Off;
        emit stopped();
    }
    // Connecting: the connect result decides (the core answers a late connect with Disconnect).
}

} // namespace spk::sim
