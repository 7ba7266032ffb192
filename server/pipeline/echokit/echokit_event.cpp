#include "server/pipeline/echokit/echokit_event.h"

#include <msgpack.hpp>

#include <QHash>

namespace spk::server::pipeline {

namespace {

using Type = EchoKitEvent::Type;

struct VariantShape
{
    Type type;
    const char *field; // the one field this variant carries, or nullptr for a unit variant
    bool bytes;        // the field is Vec<u8> (else String)
};

const QHash<QString, VariantShape> &variants()
{
    static const QHash<QString, VariantShape> table{
        {QStringLiteral("HelloStart"), {Type::HelloStart, nullptr, false}},
        {QStringLiteral("HelloChunk"), {Type::HelloChunk, "data", true}},
        {QStringLiteral("HelloEnd"), {Type::HelloEnd, nullptr, false}},
        {QStringLiteral("ASR"), {Type::Asr, "text", false}},
        {QStringLiteral("Action"), {Type::Action, "action", false}},
        {QStringLiteral("StartAudio"), {Type::StartAudio, "text", false}},
        {QStringLiteral("AudioChunk"), {Type::AudioChunk, "data", true}},
        {QStringLiteral("EndAudio"), {Type::EndAudio, nullptr, false}},
        {QStringLiteral("StartVideo"), {Type::StartVideo, nullptr, false}},
        {QStringLiteral("EndVideo"), {Type::EndVideo, nullptr, false}},
        {QStringLiteral("EndResponse"), {Type::EndResponse, nullptr, false}},
    };
    return table;
}

QString strOf(const msgpack::object &o)
{
    return QString::fromUtf8(o.via.str.ptr, int(o.via.str.size));
}

bool readBytes(const msgpack::object &o, QByteArray *out, QString *error)
{
    if (o.type == msgpack::type::BIN) {
        *out = QByteArray(o.via.bin.ptr, qsizetype(o.via.bin.size));
        return true;
    }
    if (o.type != msgpack::type::ARRAY) {
        *error = QStringLiteral("byte field is neither an array nor bin");
        return false;
    }
    out->resize(qsizetype(o.via.array.size));
    for (uint32_t i = 0; i < o.via.array.size; ++i) {
        const msgpack::object &b = o.via.array.ptr[i];
        if (b.type != msgpack::type::POSITIVE_INTEGER || b.via.u64 > 255) {
            *error = QStringLiteral("byte field holds a value that is not 0..255");
            return false;
        }
        (*out)[i] = char(b.via.u64);
    }
    return true;
}

// The variant's fields: [value] (compact) or {field: value} (named).
bool readField(const msgpack::object &fields, const VariantShape &shape, EchoKitEvent *event, QString *error)
{
    const msgpack::object *value = nullptr;
    if (fields.type == msgpack::type::ARRAY && fields.via.array.size == 1) {
        value = &fields.via.array.ptr[0];
    } else if (fields.type == msgpack::type::MAP && fields.via.map.size == 1) {
        const msgpack::object_kv &kv = fields.via.map.ptr[0];
        if (kv.key.type != msgpack::type::STR || strOf(kv.key) != QLatin1String(shape.field)) {
            *error = QStringLiteral("%1: expected field '%2'").arg(event->name, QLatin1String(shape.field));
            return false;
        }
        value = &kv.val;
    } else {
        *error = QStringLiteral("%1: fields must be a 1-element array or map").arg(event->name);
        return false;
    }
    if (shape.bytes) {
        if (!readBytes(*value, &event->data, error)) {
            *error = QStringLiteral("%1: %2").arg(event->name, *error);
            return false;
        }
        return true;
    }
    if (value->type != msgpack::type::STR) {
        *error =
            QStringLiteral("%1: field '%2' is not a string").arg(event->name, QLatin1String(shape.field));
        return false;
    }
    event->text = strOf(*value);
    return true;
}

std::optional<EchoKitEvent> fromObject(const msgpack::object &root, QString *error)
{
    EchoKitEvent event;
    const msgpack::object *fields = nullptr;
    if (root.type == msgpack::type::STR) {
        event.name = strOf(root);
    } else if (root.type == msgpack::type::MAP && root.via.map.size == 1 &&
               root.via.map.ptr[0].key.type == msgpack::type::STR) {
        event.name = strOf(root.via.map.ptr[0].key);
        fields = &root.via.map.ptr[0].val;
    } else {
        *error = QStringLiteral("event is neither a variant name nor a one-entry map");
        return std::nullopt;
    }
    const auto it = variants().constFind(event.name);
    if (it == variants().constEnd()) {
        event.type = Type::Unknown; // a newer server's event: the caller logs and skips it
        return event;
    }
    event.type = it->type;
    if (!it->field) {
        // rmp_serde writes a bare name; tolerate {name: nil} and {name: []} from other encoders.
        const bool empty = !fields || fields->type == msgpack::type::NIL ||
                           (fields->type == msgpack::type::ARRAY && fields->via.array.size == 0);
        if (!empty) {
            *error = QStringLiteral("%1 carries unexpected fields").arg(event.name);
            return std::nullopt;
        }
        return event;
    }
    if (!fields) {
        *error = QStringLiteral("%1 without its '%2' field").arg(event.name, QLatin1String(it->field));
        return std::nullopt;
    }
    if (!readField(*fields, *it, &event, error))
        return std::nullopt;
    return event;
}

} // namespace

std::optional<EchoKitEvent> decodeEchoKitEvent(const QByteArray &frame, QString *error)
{
    if (frame.isEmpty()) {
        *error = QStringLiteral("empty frame");
        return std::nullopt;
    }
    if (frame.size() > kEchoKitMaxFrameBytes) {
        *error = QStringLiteral("frame of %1 bytes exceeds the limit").arg(frame.size());
        return std::nullopt;
    }
    // Bounds so a hostile frame cannot make the decoder allocate far beyond the frame itself.
    const msgpack::unpack_limit limit(/*array*/ std::size_t(kEchoKitMaxFrameBytes), /*map*/ 16,
                                      /*str*/ std::size_t(kEchoKitMaxFrameBytes),
                                      /*bin*/ std::size_t(kEchoKitMaxFrameBytes), /*ext*/ 0, /*depth*/ 8);
    try {
        std::size_t offset = 0;
        const msgpack::object_handle handle =
            msgpack::unpack(frame.constData(), std::size_t(frame.size()), offset, nullptr, nullptr, limit);
        if (offset != std::size_t(frame.size())) {
            *error =
                QStringLiteral("%1 trailing bytes after the event").arg(frame.size() - qsizetype(offset));
            return std::nullopt;
        }
        return fromObject(handle.get(), error);
    } catch (const std::exception &e) {
        *error = QStringLiteral("not valid MessagePack: %1").arg(QString::fromUtf8(e.what()));
        return std::nullopt;
    }
}

} // namespace spk::server::pipeline
