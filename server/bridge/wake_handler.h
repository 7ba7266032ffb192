#pragma once
// protocol.md §3/§6 step 1: device/{id}/wake -> a session row, a fresh ssrc and 32-byte key, and
// device/{id}/wake/ack with the UDP endpoint and the WebSocket URL. Target: under 100 ms, measured in
// spk_bridge_wake_ack_seconds and stored as the session's wake_ack timing. A malformed wake, or one for an
// unknown device, is counted (spk_bridge_wakes_rejected_total{reason}) and dropped; a repeated wake for
// a live session gets the same ack again (idempotent); one for an ended session is ignored. A wake with
// a new session id ends the device's open session (failed, "superseded"): one conversation per speaker.
#include <QByteArray>
#include <QString>
#include <functional>

namespace spk::server {
struct BridgeContext;
class ConversationRegistry;
class Conversation;

class WakeHandler
{
public:
    struct Endpoints
    {
        std::function<QString()> udpHost;
        std::function<quint16()> udpPort;
        std::function<QString()> wsUrl;
    };
    // onCreated wires a new conversation's signals (the bridge routes pipeline results to it).
    WakeHandler(BridgeContext &ctx, ConversationRegistry &registry, Endpoints endpoints,
                std::function<void(Conversation *)> onCreated);

    void handle(const QString &deviceId, const QByteArray &payload);

private:
    void reject(const char *reason, const QString &deviceId, const QString &detail);

    BridgeContext &ctx_;
    ConversationRegistry &registry_;
    Endpoints endpoints_;
    std::function<void(Conversation *)> onCreated_;
};

} // namespace spk::server
