#pragma once
// The live conversations of this bridge, found by server session id, by (device, device session id)
// for wake and session_end, and by device for WebSocket events. Owns them.
#include "server/bridge/conversation.h"

#include <QHash>
#include <QList>
#include <QString>
#include <memory>
#include <unordered_map>

namespace spk::server {
class Gauge;

class ConversationRegistry
{
public:
    struct Entry
    {
        std::unique_ptr<Conversation> conversation;
        QByteArray wakeAck; // re-sent as is when the device repeats its wake
    };

    Conversation *add(std::unique_ptr<Conversation> conversation);
    void setWakeAck(qint64 sessionId, const QByteArray &ack);
    QByteArray wakeAckOf(qint64 sessionId) const;

    Conversation *find(qint64 sessionId) const;
    Conversation *find(const QString &deviceId, const QString &deviceSessionId) const;
    QList<Conversation *> ofDevice(const QString &deviceId) const;
    QList<Conversation *> all() const;
    int size() const { return int(entries_.size()); }
    // Keeps gauge at size() (spk_bridge_active_sessions).
    void exportSize(Gauge *gauge);

    // Forgets it; the object is deleted later (it may be on the call stack).
    void remove(qint64 sessionId);
    // Destroys every conversation now (shutdown).
    void clear();

private:
    static QString deviceKey(const QString &deviceId, const QString &deviceSessionId)
    {
        return deviceId + QLatin1Char('/') + deviceSessionId;
    }
    void sizeChanged();
    std::unordered_map<qint64, Entry> entries_;
    Gauge *sizeGauge_ = nullptr;
    QHash<QString, qint64> byDeviceSession_;
    QMultiHash<QString, qint64> byDevice_; // wake and WebSocket events look up by device: no scan
};

} // namespace spk::server
