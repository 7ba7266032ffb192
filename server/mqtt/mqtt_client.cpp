#include "server/mqtt/mqtt_client.h"

#include "server/core/logging.h"
#include "server/mqtt/mqtt_metrics.h"
#include "server/mqtt/topic_filter.h"
#include "shared/net/tcp_nodelay.h"
#include <QMetaObject>
#include <QPointer>
#include <QTimer>
#include <array>
#include <mqtt/async_client.h>
#include <mutex>
#include <vector>

namespace spk::server {

// Paho's callback interface; forwards to the owning Qt thread with queued invocations.
class MqttClientPrivate : public mqtt::callback
{
public:
    explicit MqttClientPrivate(MqttClient *owner) : owner(owner) {}

    void connected(const std::string &) override
    {
        QPointer<MqttClient> guard(owner);
        QMetaObject::invokeMethod(
            owner,
            [guard] {
                if (guard)
                    guard->onConnected();
            },
            Qt::QueuedConnection);
    }
    void connection_lost(const std::string &cause) override
    {
        QPointer<MqttClient> guard(owner);
        const QString reason = QString::fromStdString(cause);
        QMetaObject::invokeMethod(
            owner,
            [guard, reason] {
                if (guard)
                    guard->onConnectionLost(reason);
            },
            Qt::QueuedConnection);
    }
    void message_arrived(mqtt::const_message_ptr msg) override
    {
        count(received, msg->get_topic());
        QPointer<MqttClient> guard(owner);
        const QString topic = QString::fromStdString(msg->get_topic());
        const auto &p = msg->get_payload_ref();
        const QByteArray payload(p.data(), static_cast<qsizetype>(p.size()));
        QMetaObject::invokeMethod(
            owner,
            [guard, topic, payload] {
                if (guard)
                    guard->dispatch(topic, payload);
            },
            Qt::QueuedConnection);
    }

    // Outcome of the first connect attempt (Paho keeps a reference: it lives as long as the client).
    class ConnectListener : public mqtt::iaction_listener
    {
    public:
        explicit ConnectListener(MqttClient *owner) : owner_(owner) {}
        void on_failure(const mqtt::token &tok) override
        {
            QPointer<MqttClient> guard(owner_);
            const int rc = tok.get_return_code();
            QMetaObject::invokeMethod(
                owner_,
                [guard, rc] {
                    if (guard)
                        guard->onConnectFailed(rc);
                },
                Qt::QueuedConnection);
        }
        void on_success(const mqtt::token &) override {}

    private:
        MqttClient *owner_;
    };

    // Counters by topic kind, looked up once (Paho threads and the owner's thread increment them).
    using KindCounters = std::array<Counter *, mqtt_metrics::kKinds>;
    static void count(const KindCounters &counters, std::string_view topic)
    {
        if (Counter *c = counters[size_t(mqtt_metrics::kindOf(topic))])
            c->inc();
    }

    MqttClient *owner;
    KindCounters received{}, published{};
    ConnectListener connectListener{owner};
    std::unique_ptr<mqtt::async_client> client;
    struct Subscription
    {
        QString filter;
        int qos = 0;
        bool routed = false; // has a handler (else: messageReceived)
        QPointer<QObject> context;
        MqttClient::MessageHandler handler;
    };
    std::mutex subsMutex;
    std::vector<Subscription> subscriptions;
    QTimer *retryTimer = nullptr;
    int retryDelayMs = 250;
    bool stopping = false;
};

MqttClient::MqttClient(Options options, QObject *parent)
    : QObject(parent), options_(std::move(options)), d_(std::make_unique<MqttClientPrivate>(this))
{
    auto createOpts = mqtt::create_options_builder()
                          .send_while_disconnected(true, true)
                          .max_buffered_messages(10000)
                          .finalize();
    d_->client = std::make_unique<mqtt::async_client>(options_.url.toStdString(),
                                                      options_.clientId.toStdString(), createOpts, nullptr);
    d_->client->set_callback(*d_);
    if (options_.metrics)
        for (int kind = 0; kind < mqtt_metrics::kKinds; ++kind) {
            const QString name = QLatin1String(mqtt_metrics::kindName(kind));
            d_->received[size_t(kind)] = &options_.metrics->counter(mqtt_metrics::kReceived, name);
            d_->published[size_t(kind)] = &options_.metrics->counter(mqtt_metrics::kPublished, name);
        }
    d_->retryTimer = new QTimer(this);
    d_->retryTimer->setSingleShot(true);
    connect(d_->retryTimer, &QTimer::timeout, this, &MqttClient::connectNow);
}

MqttClient::~MqttClient()
{
    stop();
}

void MqttClient::start()
{
    d_->stopping = false;
    connectNow();
}

void MqttClient::stop()
{
    d_->stopping = true;
    d_->retryTimer->stop();
    try {
        if (d_->client->is_connected())
            d_->client->disconnect(std::chrono::milliseconds(500))->wait_for(std::chrono::seconds(2));
    } catch (const std::exception &e) {
        qCDebug(lcMqtt) << "disconnect:" << e.what();
    }
    connected_ = false;
}

void MqttClient::connectNow()
{
    if (d_->stopping || connected_)
        return;
    auto builder = mqtt::connect_options_builder()
                       .clean_session(options_.cleanSession)
                       .keep_alive_interval(std::chrono::seconds(options_.keepAliveSeconds))
                       .connect_timeout(std::chrono::seconds(5))
                       .automatic_reconnect(std::chrono::milliseconds(250), std::chrono::seconds(10));
    if (!options_.username.isEmpty())
        builder.user_name(options_.username.toStdString()).password(options_.password.toStdString());
    if (options_.url.startsWith(QLatin1String("ssl://")) ||
        options_.url.startsWith(QLatin1String("mqtts://"))) {
        // No error handler: Paho C++ 1.2.0 calls it through a dangling pointer. A failed handshake is
        // reported as a failed connect.
        mqtt::ssl_options ssl;
        if (!options_.caFile.isEmpty())
            ssl.set_trust_store(options_.caFile.toStdString());
        ssl.set_enable_server_cert_auth(true);
        ssl.set_verify(true);
        ssl.set_ssl_version(MQTT_SSL_VERSION_TLS_1_2);
        builder.ssl(std::move(ssl));
    }
    if (!options_.willTopic.isEmpty()) {
        builder.will(mqtt::message(options_.willTopic.toStdString(), options_.willPayload.constData(),
                                   static_cast<size_t>(options_.willPayload.size()), 1, options_.willRetain));
    }
    try {
        // A failed first connect is retried by our timer; later drops by Paho's automatic reconnect.
        d_->client->connect(builder.finalize(), nullptr, d_->connectListener);
    } catch (const std::exception &e) {
        qCWarning(lcMqtt) << "connect:" << e.what();
        d_->retryTimer->start(d_->retryDelayMs);
    }
}

void MqttClient::onConnectFailed(int rc)
{
    if (d_->stopping || connected_)
        return;
    qCWarning(lcMqtt) << "connect to" << options_.url << "failed (rc" << rc << "); retrying in"
                      << d_->retryDelayMs << "ms";
    d_->retryTimer->start(d_->retryDelayMs);
    d_->retryDelayMs = std::min(d_->retryDelayMs * 2, 10000);
}

void MqttClient::onConnected()
{
    connected_ = true;
    d_->retryDelayMs = 250;
    spk::net::setTcpNoDelayOnAllSockets();
    qCInfo(lcMqtt) << "connected to" << options_.url << "as" << options_.clientId;
    resubscribe();
    emit connected();
}

void MqttClient::onConnectionLost(const QString &reason)
{
    connected_ = false;
    qCWarning(lcMqtt) << "connection lost:" << reason;
    emit connectionLost(reason);
}

void MqttClient::resubscribe()
{
    std::lock_guard<std::mutex> lock(d_->subsMutex);
    for (const auto &sub : d_->subscriptions) {
        try {
            d_->client->subscribe(sub.filter.toStdString(), sub.qos);
        } catch (const std::exception &e) {
            qCWarning(lcMqtt) << "subscribe" << sub.filter << e.what();
        }
    }
}

void MqttClient::subscribe(const QString &filter, int qos)
{
    subscribe(filter, qos, nullptr, {});
}

void MqttClient::subscribe(const QString &filter, int qos, QObject *context, MessageHandler handler)
{
    {
        std::lock_guard<std::mutex> lock(d_->subsMutex);
        const bool routed = bool(handler);
        d_->subscriptions.push_back({filter, qos, routed, context, std::move(handler)});
    }
    if (!connected_)
        return; // subscribed on connect
    try {
        d_->client->subscribe(filter.toStdString(), qos);
    } catch (const std::exception &e) {
        qCWarning(lcMqtt) << "subscribe" << filter << e.what();
    }
}

void MqttClient::dispatch(const QString &topic, const QByteArray &payload)
{
    std::vector<MessageHandler> handlers;
    bool unrouted = false;
    {
        std::lock_guard<std::mutex> lock(d_->subsMutex);
        for (const auto &sub : d_->subscriptions) {
            if (!topicMatchesFilter(sub.filter, topic))
                continue;
            if (!sub.routed)
                unrouted = true;
            else if (sub.context)
                handlers.push_back(sub.handler);
        }
    }
    // Outside the lock: a handler may subscribe.
    if (!handlers.empty()) {
        const MqttMessage message{topic, payload, spk::proto::parseDeviceTopic(topic)};
        for (const MessageHandler &handler : handlers)
            handler(message);
    }
    if (unrouted)
        emit messageReceived(topic, payload);
}

bool MqttClient::publish(const QString &topic, const QByteArray &payload, int qos, bool retain)
{
    try {
        const std::string name = topic.toStdString();
        d_->client->publish(name, payload.constData(), static_cast<size_t>(payload.size()), qos, retain);
        MqttClientPrivate::count(d_->published, name);
        return true;
    } catch (const std::exception &e) {
        qCWarning(lcMqtt) << "publish" << topic << "failed:" << e.what();
        return false;
    }
}

} // namespace spk::server
