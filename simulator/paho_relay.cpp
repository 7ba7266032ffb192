#include "simulator/paho_relay.h"

#include "simulator/sim_device.h"

#include <QMetaObject>

namespace spk::sim {

void PahoRelay::detach()
{
    std::lock_guard<std::mutex> lock(mutex_);
    target_ = nullptr;
}

template <typename F> void PahoRelay::post(F &&call)
{
    std::lock_guard<std::mutex> lock(mutex_);
    if (!target_)
        return;
    SimDevice *target = target_;
    // If the target is deleted before the queued call runs, Qt drops the call with it.
    QMetaObject::invokeMethod(
        target, [target, call = std::forward<F>(call)]() mutable { call(*target); }, Qt::QueuedConnection);
}

void PahoRelay::connection_lost(const std::string &cause)
{
    post([cause](SimDevice &d) { d.onLinkLost(QString::fromStdString(cause)); });
}

void PahoRelay::message_arrived(mqtt::const_message_ptr msg)
{
    if (!msg)
        return;
    post([topic = msg->get_topic(), payload = msg->get_payload_str()](SimDevice &d) {
        d.onMessage(topic, payload);
    });
}

void PahoRelay::on_success(const mqtt::token &token)
{
    switch (token.get_type()) {
    case mqtt::token::CONNECT:
        post([](SimDevice &d) { d.onConnectSucceeded(); });
        break;
    case mqtt::token::DISCONNECT:
        post([](SimDevice &d) { d.onDisconnectDone(); });
        break;
    default:
        break;
    }
}

void PahoRelay::on_failure(const mqtt::token &token)
{
    switch (token.get_type()) {
    case mqtt::token::CONNECT: {
        const int rc = token.get_return_code();
        post([rc](SimDevice &d) { d.onConnectFailed(rc); });
        break;
    }
    case mqtt::token::DISCONNECT:
        post([](SimDevice &d) { d.onDisconnectDone(); });
        break;
    default:
        break;
    }
}

} // namespace spk::sim
