#include "mqtt_probe.h"

#include <QDeadlineTimer>
#include <QJsonDocument>

#include <mqtt/async_client.h>

QJsonObject ProbeMessage::json() const
{
    return QJsonDocument::fromJson(payload).object();
}

MqttProbe::MqttProbe() = default;

MqttProbe::~MqttProbe()
{
    if (client_ && client_->is_connected()) {
        try {
            client_->disconnect()->wait_for(std::chrono::seconds(2));
        } catch (const mqtt::exception &) {
        }
    }
}

bool MqttProbe::connect(const QString &uri, const QString &clientId, QString *error)
{
    try {
        client_ = std::make_unique<mqtt::async_client>(uri.toStdString(), clientId.toStdString(), 0, nullptr);
        client_->start_consuming();
        mqtt::connect_options opts;
        opts.set_clean_session(true);
        client_->connect(opts)->wait_for(std::chrono::seconds(5));
        client_->subscribe("device/#", 1)->wait_for(std::chrono::seconds(5));
        return client_->is_connected();
    } catch (const mqtt::exception &e) {
        *error = QString::fromUtf8(e.what());
        return false;
    }
}

void MqttProbe::publish(const QString &topic, const QByteArray &payload, bool retain)
{
    client_->publish(topic.toStdString(), payload.constData(), size_t(payload.size()), 1, retain)
        ->wait_for(std::chrono::seconds(5));
}

bool MqttProbe::receiveOne(int waitMs)
{
    mqtt::const_message_ptr msg;
    if (!client_->try_consume_message_for(&msg, std::chrono::milliseconds(waitMs)) || !msg)
        return false;
    const std::string &payload = msg->get_payload_str();
    history_.push_back({QString::fromStdString(msg->get_topic()),
                        QByteArray(payload.data(), qsizetype(payload.size())), msg->is_retained()});
    return true;
}

std::optional<ProbeMessage> MqttProbe::waitFor(const std::function<bool(const ProbeMessage &)> &pred,
                                               int timeoutMs, size_t from)
{
    for (size_t i = from; i < history_.size(); ++i)
        if (pred(history_[i]))
            return history_[i];
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (receiveOne(50) && history_.size() > from && pred(history_.back()))
            return history_.back();
    }
    return std::nullopt;
}

void MqttProbe::drainFor(int ms)
{
    const QDeadlineTimer deadline(ms);
    while (!deadline.hasExpired())
        receiveOne(20);
}
