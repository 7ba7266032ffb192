#pragma once
// The test's own MQTT client (Paho, consuming API: no callbacks, no threads to marshal): it records every
// message under device/# and waits for the ones a test expects.
#include <QJsonObject>
#include <QString>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace mqtt {
class async_client;
}

struct ProbeMessage
{
    QString topic;
    QByteArray payload;
    bool retained = false;
    QJsonObject json() const;
};

class MqttProbe
{
public:
    MqttProbe();
    ~MqttProbe();
    bool connect(const QString &uri, const QString &clientId, QString *error);
    void publish(const QString &topic, const QByteArray &payload, bool retain = false);
    // The position of the next message; pass it as `from` to ignore what arrived before an action.
    size_t mark() const { return history_.size(); }
    // The first message at or after `from` matching pred, waiting at most timeoutMs for it.
    std::optional<ProbeMessage> waitFor(const std::function<bool(const ProbeMessage &)> &pred, int timeoutMs,
                                        size_t from = 0);
    // Keeps receiving for ms milliseconds (to check that something does NOT arrive).
    void drainFor(int ms);
    const std::vector<ProbeMessage> &history() const { return history_; }

private:
    std::unique_ptr<mqtt::async_client> client_;
    bool receiveOne(int waitMs);

    std::vector<ProbeMessage> history_;
};
