#pragma once
// spk::fw::DeviceCore: the speaker's control plane as a sans-IO state machine (protocol.md §3).
// No sockets, threads or clocks: the host feeds events (connected, disconnected, messageReceived,
// tick) and drains the resulting Actions (publish, subscribe, reconnect later, reboot, …) in order.
// The same core runs on an ESP32, in spksim and in unit tests.
#include "firmware/actions.h"
#include "firmware/device_component.h"
#include "firmware/device_config.h"
#include "firmware/device_counters.h"
#include "firmware/device_options.h"
#include "firmware/reconnect_backoff.h"
#include "firmware/request_history.h"
#include "shared/wire/limits.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace spk::fw {

class DeviceCore : private DeviceContext
{
public:
    static constexpr std::size_t kMaxPayloadBytes = spk::wire::kMaxMqttPayload;
    // The topics every device subscribes to on connect (QoS 1).
    static const std::vector<std::string> &coreTopicSuffixes();

    enum class State {
        Offline,    // not connected; a reconnect may be scheduled
        Online,     // MQTT session up
        PoweredOff, // powerOff() was called; stays off
    };

    // Returns nullptr and sets *error when the options are invalid.
    static std::unique_ptr<DeviceCore> create(DeviceOptions options, std::string *error);

    // Registers a component (not owned; it must outlive the core). Add components before connecting.
    void addComponent(DeviceComponent &component);

    // --- events from the host ---
    void connected();
    // The link was lost or a connect attempt failed. Queues ScheduleReconnect with the next backoff.
    void disconnected();
    void messageReceived(const std::string &topic, const std::string &payload);
    // Advances the core's clock (monotonic ms; going back is ignored) and sends due heartbeats.
    void tick(uint64_t nowMs);
    // Graceful shutdown: a retained {"online":false} status, then Disconnect. Later events are ignored.
    void powerOff();

    // --- device-side changes (sensors, buttons) ---
    void setBattery(int percent);        // clamped to 0..100; goes out with the next status
    void setTemperature(double celsius); // clamped to -50..150
    void setLocalVolume(int volume);     // a button press: applied and reported at once
    void publishStatusNow();

    // --- outputs ---
    bool hasActions() const { return !actions_.empty(); }
    std::vector<Action> takeActions();

    // --- queries ---
    const std::string &deviceId() const override { return options_.deviceId; }
    ConnectSettings connectSettings() const;
    State state() const { return state_; }
    bool isOnline() const override { return state_ == State::Online; }
    const DeviceConfig &config() const { return config_; }
    int battery() const { return battery_; }
    double temperature() const { return temperature_; }
    const std::string &firmwareVersion() const { return options_.firmwareVersion; }
    const DeviceCounters &counters() const { return counters_; }
    uint64_t nowMs() const override { return nowMs_; }
    // The status object as published now ({"online":true,"battery",…}).
    std::string statusPayload() const;

private:
    explicit DeviceCore(DeviceOptions options);

    // DeviceContext for components
    bool publish(const std::string &suffix, const JsonDoc &payload, int qos, bool retain) override;
    void emitAction(Action action) override;

    void publishStatus(int qos);
    void publishOffline();
    void subscribeAll();
    void log(LogEvent::Level level, const std::string &message);
    void reject(const std::string &suffix, const std::string &why);
    bool readRequestId(const cJSON *payload, const std::string &suffix, std::string *requestId);

    void handleConfig(const cJSON *payload);
    void handleReboot(const cJSON *payload);
    void handleUpgrade(const cJSON *payload);
    void sendConfigAck(const std::string &requestId);

    DeviceOptions options_;
    State state_ = State::Offline;
    DeviceConfig config_;
    int battery_;
    double temperature_;
    uint64_t nowMs_ = 0;
    uint64_t lastStatusMs_ = 0;
    ReconnectBackoff backoff_;
    // Persisted on a real device (NVS) so redelivered commands are not carried out twice.
    RequestHistory configRequests_;
    RequestHistory rebootRequests_;
    RequestHistory upgradeRequests_;
    std::vector<DeviceComponent *> components_;
    std::vector<Action> actions_;
    DeviceCounters counters_;
};

} // namespace spk::fw
