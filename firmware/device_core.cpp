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
    : options_(std::move(options)), config_(spk::wire::deviceDefaults().mergedWith(options_.initialConfig)),
      battery_(options_.battery), temperature_(options_.temperature),
      backoff_(options_.backoff, options_.randomSeed ? options_.randomSeed : seedFromId(options_.deviceId))
{
}

void DeviceCore::addComponent(DeviceComponent &component)
{
    components_.push_back(&component);
}

ConnectSettings DeviceCore::connectSettings() const
{
    ConnectSettings s;
    s.clientId = options_.deviceId;
    if (!options_.secret.empty()) {
        s.username = options_.deviceId;
        s.password = options_.secret;
    }
    s.cleanSession = false;
    s.keepAliveSeconds = options_.keepAliveSeconds;
    s.will.topic = deviceTopic(options_.deviceId, topic::kStatus);
    s.will.payload = R"({"online":false})";
    s.will.qos = 1;
    s.will.retain = true;
    s.tls = options_.tls;
    return s;
}

std::vector<Action> DeviceCore::takeActions()
{
    std::vector<Action> out;
    out.swap(actions_);
    return out;
}

// ---------------------------------------------------------------- events

void DeviceCore::connected()
{
    if (state_ == State::PoweredOff) {
        actions_.emplace_back(Disconnect{}); // a connect that was in flight when we powered off
        return;
    }
    state_ = State::Online;
    backoff_.reset();
    ++counters_.connects;
    subscribeAll();
    publishStatus(1);
    for (auto *c : components_)
        c->onConnected(*this);
}

void DeviceCore::disconnected()
{
    if (state_ == State::PoweredOff)
        return;
    const bool wasOnline = state_ == State::Online;
    state_ = State::Offline;
    ++counters_.connectionLosses;
    if (wasOnline)
        for (auto *c : components_)
            c->onDisconnected(*this);
    actions_.emplace_back(ScheduleReconnect{backoff_.nextDelayMs()});
}

void DeviceCore::tick(uint64_t nowMs)
{
    if (nowMs > nowMs_)
        nowMs_ = nowMs;
    if (state_ != State::Online)
        return;
    if (nowMs_ - lastStatusMs_ >= options_.statusIntervalMs)
        publishStatus(0); // heartbeats may use QoS 0 (protocol.md §3)
    for (auto *c : components_)
        c->onTick(*this);
}

void DeviceCore::powerOff()
{
    if (state_ == State::PoweredOff)
        return;
    if (state_ == State::Online) {
        publishOffline();
        for (auto *c : components_)
            c->onDisconnected(*this);
    }
    state_ = State::PoweredOff;
    actions_.emplace_back(Disconnect{});
}

void DeviceCore::messageReceived(const std::string &topicName, const std::string &payload)
{
    ++counters_.messagesIn;
    if (state_ != State::Online) {
        ++counters_.ignoredWhileOffline;
        return;
    }
    const std::string suffix = topicSuffixFor(options_.deviceId, topicName);
    if (suffix.empty()) {
        ++counters_.unhandled;
        log(LogEvent::Level::Warning, "ignored a message on foreign topic '" + topicName + "'");
        return;
    }
    ParsedPayload parsed = parseObjectPayload(payload, kMaxPayloadBytes);
    if (parsed.error != PayloadError::None) {
        if (parsed.error == PayloadError::Oversized)
            ++counters_.oversized;
        else
            ++counters_.malformed;
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
    for (auto *c : components_) {
        const auto owned = c->topicSuffixes();
        if (std::find(owned.begin(), owned.end(), suffix) != owned.end()) {
            if (!c->onMessage(*this, suffix, object))
                ++counters_.rejected;
            return;
        }
    }
    ++counters_.unhandled;
}

// ---------------------------------------------------------------- device side

void DeviceCore::setBattery(int percent)
{
    battery_ = std::clamp(percent, 0, 100);
}

void DeviceCore::setTemperature(double celsius)
{
    if (std::isfinite(celsius))
        temperature_ = std::clamp(celsius, -50.0, 150.0);
}

void DeviceCore::setLocalVolume(int volume)
{
    config_.volume = std::clamp(volume, 0, 100);
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
    DeviceConfig patch;
    std::string error;
    if (!parseConfigPatch(payload, &patch, &error))
        return reject(topic::kConfig, error);
    if (configRequests_.contains(requestId)) {
        ++counters_.duplicateRequests; // redelivered (retained config after reconnect): ack, don't re-apply
        return sendConfigAck(requestId);
    }
    config_ = config_.mergedWith(patch);
    configRequests_.remember(requestId);
    ++counters_.configsApplied;
    sendConfigAck(requestId);
    publishStatus(1);
}

void DeviceCore::sendConfigAck(const std::string &requestId)
{
    JsonDoc ack = JsonDoc::makeObject();
    ack.addString("request_id", requestId);
    writeConfig(ack, config_);
    if (publish(topic::kConfigAck, ack, 1, false))
        ++counters_.acksSent;
}

void DeviceCore::handleReboot(const cJSON *payload)
{
    std::string requestId;
    if (!readRequestId(payload, topic::kReboot, &requestId))
        return;
    JsonDoc ack = JsonDoc::makeObject();
    ack.addString("request_id", requestId);
    const bool duplicate = rebootRequests_.contains(requestId);
    if (publish(topic::kRebootAck, ack, 1, false))
        ++counters_.acksSent;
    if (duplicate) {
        ++counters_.duplicateRequests; // we already rebooted for this one
        return;
    }
    rebootRequests_.remember(requestId);
    ++counters_.reboots;
    log(LogEvent::Level::Info, "rebooting on request " + requestId);
    publishOffline();
    for (auto *c : components_)
        c->onDisconnected(*this);
    state_ = State::Offline;
    actions_.emplace_back(Reboot{});
    actions_.emplace_back(ScheduleReconnect{options_.rebootDowntimeMs});
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
    if (upgradeRequests_.contains(requestId)) {
        ++counters_.duplicateRequests;
        return;
    }
    upgradeRequests_.remember(requestId);
    ++counters_.upgradesRequested;
    actions_.emplace_back(std::move(upgrade));
}

// ---------------------------------------------------------------- helpers

bool DeviceCore::publish(const std::string &suffix, const JsonDoc &payload, int qos, bool retain)
{
    if (!isOnline()) {
        ++counters_.publishesDropped;
        return false;
    }
    actions_.emplace_back(Publish{deviceTopic(options_.deviceId, suffix), payload.print(), qos, retain});
    ++counters_.publishes;
    return true;
}

void DeviceCore::emitAction(Action action)
{
    actions_.push_back(std::move(action));
}

std::string DeviceCore::statusPayload() const
{
    JsonDoc status = JsonDoc::makeObject();
    status.addBool("online", true);
    status.addNumber("battery", battery_);
    writeConfig(status, config_);
    // One decimal is what a real sensor reports; it also keeps the payload short.
    status.addNumber("temperature", std::round(temperature_ * 10.0) / 10.0);
    status.addString("firmware", options_.firmwareVersion);
    return status.print();
}

void DeviceCore::publishStatus(int qos)
{
    // Retained, so the last state outlives the retained will of an earlier disconnect.
    actions_.emplace_back(
        Publish{deviceTopic(options_.deviceId, topic::kStatus), statusPayload(), qos, true});
    ++counters_.publishes;
    ++counters_.statusesSent;
    lastStatusMs_ = nowMs_;
}

void DeviceCore::publishOffline()
{
    const LastWill will = connectSettings().will;
    actions_.emplace_back(Publish{will.topic, will.payload, 1, true});
    ++counters_.publishes;
    ++counters_.statusesSent;
}

void DeviceCore::subscribeAll()
{
    std::vector<std::string> suffixes = coreTopicSuffixes();
    for (auto *c : components_)
        for (const auto &s : c->topicSuffixes())
            if (std::find(suffixes.begin(), suffixes.end(), s) == suffixes.end())
                suffixes.push_back(s);
    for (const auto &s : suffixes)
        actions_.emplace_back(Subscribe{deviceTopic(options_.deviceId, s), 1});
}

void DeviceCore::log(LogEvent::Level level, const std::string &message)
{
    actions_.emplace_back(LogEvent{level, message});
}

void DeviceCore::reject(const std::string &suffix, const std::string &why)
{
    ++counters_.rejected;
    log(LogEvent::Level::Warning, "rejected '" + suffix + "' message: " + why);
}

} // namespace spk::fw
