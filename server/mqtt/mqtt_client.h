#pragma once
// A Qt-friendly MQTT client over Eclipse Paho C++ (async_client). Paho calls back on its own threads;
// every callback is marshalled onto the thread that owns this object, so users see ordinary signals.
// Subscriptions are remembered and renewed after each (automatic) reconnect.
#include <QByteArray>
#include <QObject>
#include <QString>
#include <atomic>
#include <memory>

namespace spk::server {

class MqttClient : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString url; // tcp://host:port
        QString clientId;
        bool cleanSession = true;
        int keepAliveSeconds = 30;
        QString willTopic; // empty = no will
        QByteArray willPayload;
        bool willRetain = false;
    };

    explicit MqttClient(Options options, QObject *parent = nullptr);
    ~MqttClient() override;

    // Starts connecting (retries with backoff until stopped).
    void start();
    void stop();
    bool isConnected() const { return connected_.load(); }

    void subscribe(const QString &filter, int qos);
    // Returns false when the message could not be queued (never connected and buffer full).
    bool publish(const QString &topic, const QByteArray &payload, int qos, bool retain);

signals:
    void connected();
    void connectionLost(const QString &reason);
    void messageReceived(const QString &topic, const QByteArray &payload);

private:
    friend class MqttClientPrivate;
    void onConnected();
    void onConnectionLost(const QString &reason);
    void onConnectFailed(int rc);
    void connectNow();
    void resubscribe();

    Options options_;
    std::unique_ptr<class MqttClientPrivate> d;
    std::atomic<bool> connected_{false};
};

} // namespace spk::server
