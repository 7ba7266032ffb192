#pragma once
// A Qt-friendly MQTT client over Eclipse Paho C++ (async_client). Paho calls back on its own threads;
// every callback is marshalled onto the thread that owns this object, so users see ordinary signals.
// Subscriptions are remembered and renewed after each (automatic) reconnect.
// Messages are routed: each incoming topic is matched once against the subscribed filters (MQTT
// wildcards, "$share/{group}/…" included) and only the matching subscriptions' handlers run.
#include "shared/protocol/topics.h"

#include <QByteArray>
#include <QObject>
#include <QString>
#include <atomic>
#include <functional>
#include <memory>

namespace spk::server {
class Counter;
class Metrics;

// One incoming message; `device` is its "device/{id}/{suffix}" topic, parsed once (kind Unknown otherwise).
struct MqttMessage
{
    QString topic;
    QByteArray payload;
    spk::proto::ParsedTopic device;
};

class MqttClient : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString url; // tcp://host:port, or ssl:// / mqtts:// for TLS
        QString clientId;
        bool cleanSession = true;
        int keepAliveSeconds = 30;
        QString willTopic; // empty = no will
        QByteArray willPayload;
        bool willRetain = false;
        QString username; // empty = connect without credentials
        QString password;
        // ssl:// or mqtts:// URLs: the broker's certificate must chain to this CA file (empty = the
        // system's CAs); chain and host name are always verified.
        QString caFile;
        // Counts messages in and out by topic kind (docs/metrics.md); must outlive the client.
        Metrics *metrics = nullptr;
    };

    explicit MqttClient(Options options, QObject *parent = nullptr);
    ~MqttClient() override;

    // Starts connecting (retries with backoff until stopped).
    void start();
    void stop();
    bool isConnected() const { return connected_.load(); }
    // Unique per process: replicas tell their own events apart by it.
    const QString &clientId() const { return options_.clientId; }

    using MessageHandler = std::function<void(const MqttMessage &message)>;
    // Messages matching filter go to handler, on this object's thread, while context lives.
    void subscribe(const QString &filter, int qos, QObject *context, MessageHandler handler);
    // Without a handler: matching messages are emitted as messageReceived (simple clients, tests).
    void subscribe(const QString &filter, int qos);
    // Returns false when the message could not be queued (never connected and buffer full).
    bool publish(const QString &topic, const QByteArray &payload, int qos, bool retain);

signals:
    void connected();
    void connectionLost(const QString &reason);
    // Messages that match a subscription made without a handler.
    void messageReceived(const QString &topic, const QByteArray &payload);

private:
    friend class MqttClientPrivate;
    void onConnected();
    void onConnectionLost(const QString &reason);
    void onConnectFailed(int rc);
    void connectNow();
    void resubscribe();
    void dispatch(const QString &topic, const QByteArray &payload);

    Options options_;
    std::unique_ptr<class MqttClientPrivate> d_;
    std::atomic<bool> connected_{false};
};

} // namespace spk::server
