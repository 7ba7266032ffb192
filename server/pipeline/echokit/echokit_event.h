#pragma once
// One event an EchoKit server sends down its WebSocket, decoded from MessagePack.
// EchoKit (second-state/echokit_server, src/protocol.rs) serialises its `ServerEvent` enum with
// rmp_serde: a unit variant is the variant name as a string ("EndAudio"); a variant with fields is a
// one-entry map {name: fields}, fields as an array in declaration order (rmp_serde::to_vec) or as a
// map by name (to_vec_named); `Vec<u8>` payloads are arrays of small integers (or bin, with
// serde_bytes). The decoder accepts all of these and rejects anything else with a message.
#include <QByteArray>
#include <QString>
#include <optional>

namespace spk::server::pipeline {

struct EchoKitEvent
{
    enum class Type {
        HelloStart, // greeting audio the server plays on connect (ignored by spkd)
        HelloChunk,
        HelloEnd,
        Asr,        // text = what the user said; empty = nothing understood
        Action,     // text = the action name (LLM "[action]" replies)
        StartAudio, // text = the sentence the following audio speaks
        AudioChunk, // data = 16 kHz mono s16le PCM
        EndAudio,
        StartVideo,
        EndVideo,
        EndResponse, // the turn is over
        Unknown,     // well-formed but from a newer server: name holds the variant
    };
    Type type = Type::Unknown;
    QString name; // the variant name as sent
    QString text;
    QByteArray data;
};

// Frames larger than this are rejected before decoding.
constexpr qsizetype kEchoKitMaxFrameBytes = 8 * 1024 * 1024;

// nullopt + *error for anything that is not one well-formed ServerEvent (truncated, trailing bytes,
// wrong field types, out-of-range byte values, oversized). Never throws.
std::optional<EchoKitEvent> decodeEchoKitEvent(const QByteArray &frame, QString *error);

} // namespace spk::server::pipeline
