// Test helpers for DeviceCore suites: a core driven by events only (no sockets, no clocks) and
// readers for the actions it returns.
#pragma once

#include "firmware/device_core.h"
#include "shared/wire/device_config.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtGlobal>

#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace spk::fw::test {

inline const std::string kId = "dev-0001";
// Test JSON is written with single quotes (moc mis-parses some raw string literals).
inline std::string j(const char *singleQuoted)
{
    std::string out(singleQuoted);
    for (char &c : out)
        if (c == '\'')
            c = '"';
    return out;
}

// A config/ack as the core must send it: the request id, the given volume and muted, and every other
// config key at its device default (an ack reports every key the device runs).
inline QJsonObject ackPayload(const char *requestId, int volume, bool muted)
{
    spk::wire::DeviceConfig set;
    set.volume = volume;
    set.muted = muted;
    const spk::wire::DeviceConfig running = spk::wire::deviceDefaults().mergedWith(set);
    QJsonObject o{{"request_id", requestId}};
    for (const spk::wire::ConfigKey &k : spk::wire::kConfigKeys) {
        const int v = *k.get(running);
        if (k.type == spk::wire::ConfigValueType::Boolean)
            o.insert(QLatin1String(k.name), v != 0);
        else
            o.insert(QLatin1String(k.name), v);
    }
    return o;
}

inline std::string topicOf(const char *suffix)
{
    return "device/" + kId + "/" + suffix;
}

inline std::unique_ptr<DeviceCore> makeCore(DeviceOptions options = {})
{
    if (options.deviceId.empty())
        options.deviceId = kId;
    std::string error;
    auto core = DeviceCore::create(options, &error);
    if (!core)
        qFatal("create failed: %s", error.c_str());
    return core;
}

// The actions of one kind, in order (works for the core's and the voice session's action lists).
template <typename T, typename Variant> inline std::vector<T> only(const std::vector<Variant> &actions)
{
    std::vector<T> out;
    for (const auto &a : actions)
        if (const T *t = std::get_if<T>(&a))
            out.push_back(*t);
    return out;
}

inline std::vector<Publish> publishesTo(const std::vector<Action> &actions, const std::string &topic)
{
    std::vector<Publish> out;
    for (const auto &p : only<Publish>(actions))
        if (p.topic == topic)
            out.push_back(p);
    return out;
}

inline QJsonObject json(const std::string &payload)
{
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(payload));
    if (!doc.isObject())
        qFatal("not a JSON object: %s", payload.c_str());
    return doc.object();
}

// Connects the core and drops the connect-time actions.
inline std::unique_ptr<DeviceCore> onlineCore(DeviceOptions options = {})
{
    auto core = makeCore(options);
    core->connected();
    core->takeActions();
    return core;
}

// A stand-in for the coming VoiceSession: owns wake/ack plus a topic of its own.

} // namespace spk::fw::test
