#pragma once
// Paho runs its callbacks on its own threads (three per process, whatever the number of clients).
// PahoRelay receives them there and re-posts each one as a queued call onto the Qt thread that owns the
// SimDevice, so the device and its DeviceCore are only ever touched from that thread.
#include <mqtt/callback.h>
#include <mqtt/iaction_listener.h>

#include <mutex>

namespace spk::sim {

class SimDevice;

class PahoRelay : public mqtt::callback, public mqtt::iaction_listener
{
public:
    explicit PahoRelay(SimDevice *target) : target_(target) {}
    // After detach() no further call reaches the target (safe against a callback racing a delete).
    void detach();

    // mqtt::callback
    void connection_lost(const std::string &cause) override;
    void message_arrived(mqtt::const_message_ptr msg) override;
    // mqtt::iaction_listener: results of connect() and disconnect()
    void on_success(const mqtt::token &token) override;
    void on_failure(const mqtt::token &token) override;

private:
    template <typename F> void post(F &&call);

    std::mutex mutex_;
    SimDevice *target_;
};

} // namespace spk::sim
