#include "firmware/device_core.h"

#include "firmware/identifiers.h"
#include "firmware/json_doc.h"

#include <cjson/cJSON.h>

#include <algorithm>
#include <cmath>

namespace spk::fw {

namespace {

uint32_t seedFromId(const std::string &id)
{
    uint32_t h = 2166136261u; // FNV-1a
    for (const char c : id) {
        h ^= static_cast<unsigned char>(c);
        h *= 16777619u;
    }
    return h;
}

bool isLowerHex(const std::string &s)
{
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool startsWith(const std::string &s, const char *prefix)
{
    return s.rfind(prefix, 0) == 0;
}

} // namespace

const std::vector<std::string> &DeviceCore::coreTopicSuffixes()
{
    static const std::vector<std::string> suffixes = {topic::kConfig,  topic::kReboot,     topic::kUpgrade,
                                                      topic::kWakeAck, topic::kTranscript, topic::kPlay};
    return suffixes;
}

std::unique_ptr<DeviceCore> DeviceCore::create(DeviceOptions options, std::string *error)
{
    const std::string problem = validateDeviceOptions(options);
    if (!problem.empty()) {
        if (error)
            *error = problem;
        return nullptr;
    }
    return std::unique_ptr<DeviceCore>(new DeviceCore(std::move(options)));
}

DeviceCore::DeviceCore(DeviceOptions options)
    : m_options(std::move(options)), m_config(m_options.initialConfig), m_battery(m_options.battery),
      m_temperature(m_options.temperature),
      m_backoff(m_options.backoff,
                m_options.randomSeed ? m_options.randomSeed : seedFromId(m_options.deviceId))
{
}

void DeviceCore::addComponent(DeviceComponent &component)
{
    m_components.push_back(&component);
}

ConnectSettings DeviceCore::connectSettings() const
{
    ConnectSettings s;
    s.clientId = m_options.deviceId;
    s.cleanSession = false;
    s.keepAliveSeconds = m_options.keepAliveSeconds;
    s.will.topic = deviceTopic(m_options.deviceId, topic::kStatus);
    s.will.payload = R"({"online":false})";
    s.will.qos = 1;
    s.will.retain = true;
    return s;
}

std::vector<Action> DeviceCore::takeActions()
{
    std::vector<Action> out;
    out.swap(m_actions);
    return out;
}

// ---------------------------------------------------------------- events

void DeviceCore::connected()
{
    if (m_state == State::PoweredOff) {
        m_actions.emplace_back(Disconnect{}); // a connect that was in flight when we powered off
        return;
    }
    m_state = State::Online;
    m_backoff.reset();
    ++m_counters.connects;
    subscribeAll();
    publishStatus(1);
    for (auto *c : m_components)
        c->onConnected(*this);
}

void DeviceCore::disconnected()
{
    if (m_state == State::PoweredOff)
        return;
    const bool wasOnline = m_state == State::Online;
    m_state = State::Offline;
    ++m_counters.connectionLosses;
    if (wasOnline)
        for (auto *c : m_components)
            c->onDisconnected(*this);
    m_actions.emplace_back(ScheduleReconnect{m_backoff.nextDelayMs()});
}

void DeviceCore::tick(uint64_t nowMs)
{
    if (nowMs > m_nowMs)
        m_nowMs = nowMs;
    if (m_state != State::Online)
        return;
    if (m_nowMs - m_lastStatusMs >= m_options.statusIntervalMs)
        publishStatus(0); // heartbeats may use QoS 0 (CONTRACT §3)
    for (auto *c : m_components)
        c->onTick(*this);
}

void DeviceCore::powerOff()
{
    if (m_state == State::PoweredOff)
        return;
    if (m_state == State::Online) {
        publishOffline();
        for (auto *c : m_components)
            c->onDisconnected(*this);
    }
    m_state = State::PoweredOff;
    m_actions.emplace_back(Disconnect{});
}

void DeviceCore::messageReceived(const std::string &topicName, const std::string &payload)
{
    ++m_counters.messagesIn;
    if (m_state != State::Online) {
        ++m_counters.ignoredWhileOffline;
        return;
    }
    const std::string suffix = topicSuffixFor(m_options.deviceId, topicName);
    if (suffix.empty()) {
        ++m_counters.unhandled;
        log(LogEvent::Level::Warning, "ignored a message on foreign topic '" + topicName + "'");
        return;
    }
    ParsedPayload parsed = parseObjectPayload(payload, kMaxPayloadBytes);
    if (parsed.error != PayloadError::None) {
        if (parsed.error == PayloadError::Oversized)
            ++m_counters.oversized;
        else
            ++m_counters.malformed;
        log(LogEvent::Level::Warning, "dropped message on '" + suffix + "': " + parsed.message);
        return;
    }
    const cJSON *object = parsed.doc.get();
    if (suffix == topic::kConfig)
        return handleConfig(object);
    if (suffix == topic::kReboot)
        return handleReboot(object);
    if (suffix == topic::kUpgrade)
        return handleUpgrade(object);
    for (auto *c : m_components) {
        const auto owned = c->topicSuffixes();
        if (std::find(owned.begin(), owned.end(), suffix) != owned.end()) {
            if (!c->onMessage(*this, suffix, object))
                ++m_counters.rejected;
            return;
        }
    }
    ++m_counters.unhandled;
}

// ---------------------------------------------------------------- device side

void DeviceCore::setBattery(int percent)
{
    m_battery = std::clamp(percent, 0, 100);
}

void DeviceCore::setTemperature(double celsius)
{
    if (std::isfinite(celsius))
        m_temperature = std::clamp(celsius, -50.0, 150.0);
}

void DeviceCore::setLocalVolume(int volume)
{
    m_config.volume = std::clamp(volume, 0, 100);
    if (isOnline())
        publishStatus(1);
}

void DeviceCore::publishStatusNow()
{
    if (isOnline())
        publishStatus(1);
}

// ---------------------------------------------------------------- commands

bool DeviceCore::readRequestId(const cJSON *payload, const std::string &suffix, std::string *requestId)
{
    std::string error;
    if (!readString(payload, "request_id", spk::wire::kMaxIdentifierLength, requestId, &error)) {
        reject(suffix, error);
        return false;
    }
    if (!isValidIdentifier(*requestId)) {
        reject(suffix, "'request_id' must be 1-64 chars of [A-Za-z0-9_-]");
        return false;
    }
    return true;
}

void DeviceCore::handleConfig(const cJSON *payload)
{
    std::string requestId;
    if (!readRequestId(payload, topic::kConfig, &requestId))
        return;
    ConfigPatch patch;
    std::string error;
    if (!parseConfigPatch(payload, &patch, &error))
        return reject(topic::kConfig, error);
    if (m_configRequests.contains(requestId)) {
        ++m_counters.duplicateRequests; // redelivered (retained config after reconnect): ack, don't re-apply
        return sendConfigAck(requestId);
    }
    m_config = patch.appliedTo(m_config);
    m_configRequests.remember(requestId);
    ++m_counters.configsApplied;
    sendConfigAck(requestId);
    publishStatus(1);
}

void DeviceCore::sendConfigAck(const std::string &requestId)
{
    JsonDoc ack = JsonDoc::makeObject();
    ack.addString("request_id", requestId);
    m_config.writeTo(ack);
    if (publish(topic::kConfigAck, ack, 1, false))
        ++m_counters.acksSent;
}

void DeviceCore::handleReboot(const cJSON *payload)
{
    std::string requestId;
    if (!readRequestId(payload, topic::kReboot, &requestId))
        return;
    JsonDoc ack = JsonDoc::makeObject();
    ack.addString("request_id", requestId);
    const bool duplicate = m_rebootRequests.contains(requestId);
    if (publish(topic::kRebootAck, ack, 1, false))
        ++m_counters.acksSent;
    if (duplicate) {
        ++m_counters.duplicateRequests; // we already rebooted for this one
        return;
    }
    m_rebootRequests.remember(requestId);
    ++m_counters.reboots;
    log(LogEvent::Level::Info, "rebooting on request " + requestId);
    publishOffline();
    for (auto *c : m_components)
        c->onDisconnected(*this);
    m_state = State::Offline;
    m_actions.emplace_back(Reboot{});
    m_actions.emplace_back(ScheduleReconnect{m_options.rebootDowntimeMs});
}

void DeviceCore::handleUpgrade(const cJSON *payload)
{
    std::string requestId;
    if (!readRequestId(payload, topic::kUpgrade, &requestId))
        return;
    StartUpgrade upgrade;
    upgrade.requestId = requestId;
    std::string error;
    if (!readString(payload, "version", spk::wire::kMaxFirmwareVersionChars, &upgrade.version, &error) ||
        !readString(payload, "url", spk::wire::kMaxUrlChars, &upgrade.url, &error) ||
        !readString(payload, "sha256", 64, &upgrade.sha256, &error))
        return reject(topic::kUpgrade, error);
    if (!startsWith(upgrade.url, "http://") && !startsWith(upgrade.url, "https://"))
        return reject(topic::kUpgrade, "'url' must start with http:// or https://");
    if (upgrade.sha256.size() != 64 || !isLowerHex(upgrade.sha256))
        return reject(topic::kUpgrade, "'sha256' must be 64 lowercase hex characters");
    if (m_upgradeRequests.contains(requestId)) {
        ++m_counters.duplicateRequests;
        return;
    }
    m_upgradeRequests.remember(requestId);
    ++m_counters.upgradesRequested;
    m_actions.emplace_back(std::move(upgrade));
}

// ---------------------------------------------------------------- helpers

bool DeviceCore::publish(const std::string &suffix, const JsonDoc &payload, int qos, bool retain)
{
    if (!isOnline()) {
        ++m_counters.publishesDropped;
        return false;
    }
    m_actions.emplace_back(Publish{deviceTopic(m_options.deviceId, suffix), payload.print(), qos, retain});
    ++m_counters.publishes;
    return true;
}

void DeviceCore::emitAction(Action action)
{
    m_actions.push_back(std::move(action));
}

std::string DeviceCore::statusPayload() const
{
    JsonDoc status = JsonDoc::makeObject();
    status.addBool("online", true);
    status.addNumber("battery", m_battery);
    status.addNumber("volume", m_config.volume);
    status.addBool("muted", m_config.muted);
    // One decimal is what a real sensor reports; it also keeps the payload short.
    status.addNumber("temperature", std::round(m_temperature * 10.0) / 10.0);
    status.addString("firmware", m_options.firmwareVersion);
    return status.print();
}

void DeviceCore::publishStatus(int qos)
{
    // Retained, so the last state outlives the retained will of an earlier disconnect.
    m_actions.emplace_back(
        Publish{deviceTopic(m_options.deviceId, topic::kStatus), statusPayload(), qos, true});
    ++m_counters.publishes;
    ++m_counters.statusesSent;
    m_lastStatusMs = m_nowMs;
}

void DeviceCore::publishOffline()
{
    const LastWill will = connectSettings().will;
    m_actions.emplace_back(Publish{will.topic, will.payload, 1, true});
    ++m_counters.publishes;
    ++m_counters.statusesSent;
}

void DeviceCore::subscribeAll()
{
    std::vector<std::string> suffixes = coreTopicSuffixes();
    for (auto *c : m_components)
        for (const auto &s : c->topicSuffixes())
            if (std::find(suffixes.begin(), suffixes.end(), s) == suffixes.end())
                suffixes.push_back(s);
    for (const auto &s : suffixes)
        m_actions.emplace_back(Subscribe{deviceTopic(m_options.deviceId, s), 1});
}

void DeviceCore::log(LogEvent::Level level, const std::string &message)
{
    m_actions.emplace_back(LogEvent{level, message});
}

void DeviceCore::reject(const std::string &suffix, const std::string &why)
{
    ++m_counters.rejected;
    log(LogEvent::Level::Warning, "rejected '" + suffix + "' message: " + why);
}

} // namespace spk::fw
