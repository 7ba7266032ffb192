#pragma once
// What the dialogue stage takes from and gives back to the bridge.
#include <QList>
#include <QMetaType>
#include <QString>
#include <QVariantMap>

namespace spk::server::pipeline {

struct DialogueTurn
{
    QString user;
    QString assistant;
};

struct DeviceState
{
    int volume = -1;  // 0..100, -1 unknown
    int battery = -1; // 0..100, -1 unknown
    bool online = true;
};

struct DeviceContext
{
    QString deviceId;
    QList<DialogueTurn> history; // oldest first; the caller passes the device's last turns (5)
    DeviceState state;
};

// Something the caller executes through the normal device-config path.
struct DialogueAction
{
    enum class Type { None, SetVolume, Stop };
    Type type = Type::None;
    int volume = -1; // SetVolume: 0..100

    static DialogueAction setVolume(int v) { return {Type::SetVolume, v}; }
    static DialogueAction stop() { return {Type::Stop, -1}; }
    bool isNone() const { return type == Type::None; }
    QString describe() const; // "SetVolume(40)", "Stop", "None"
};

struct DialogueResult
{
    enum class Source { Intent, Llm, Fallback };
    Source source = Source::Fallback;
    QString text;     // the whole reply as spoken (may be empty, e.g. for Stop)
    QString language; // "en" | "zh": pick the TTS voice from it
    DialogueAction action;
    QString intent; // Source::Intent: the intent name
    QVariantMap slotValues;
    QString error; // why the LLM failed (the reply then ends with an apology)
};

} // namespace spk::server::pipeline

Q_DECLARE_METATYPE(spk::server::pipeline::DialogueAction)
Q_DECLARE_METATYPE(spk::server::pipeline::DialogueResult)
