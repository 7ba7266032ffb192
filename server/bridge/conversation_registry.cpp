#include "server/bridge/conversation_registry.h"

#include "server/core/metrics.h"

namespace spk::server {

Conversation *ConversationRegistry::add(std::unique_ptr<Conversation> conversation)
{
    Conversation *c = conversation.get();
    byDeviceSession_.insert(deviceKey(c->deviceId(), c->deviceSessionId()), c->sessionId());
    byDevice_.insert(c->deviceId(), c->sessionId());
    entries_[c->sessionId()] = Entry{std::move(conversation), {}};
    sizeChanged();
    return c;
}

void ConversationRegistry::setWakeAck(qint64 sessionId, const QByteArray &ack)
{
    if (auto it = entries_.find(sessionId); it != entries_.end())
        it->second.wakeAck = ack;
}

QByteArray ConversationRegistry::wakeAckOf(qint64 sessionId) const
{
    const auto it = entries_.find(sessionId);
    return it == entries_.end() ? QByteArray() : it->second.wakeAck;
}

Conversation *ConversationRegistry::find(qint64 sessionId) const
{
    const auto it = entries_.find(sessionId);
    return it == entries_.end() ? nullptr : it->second.conversation.get();
}

Conversation *ConversationRegistry::find(const QString &deviceId, const QString &deviceSessionId) const
{
    const auto it = byDeviceSession_.constFind(deviceKey(deviceId, deviceSessionId));
    return it == byDeviceSession_.cend() ? nullptr : find(it.value());
}

QList<Conversation *> ConversationRegistry::ofDevice(const QString &deviceId) const
{
    QList<Conversation *> out;
    for (auto it = byDevice_.constFind(deviceId); it != byDevice_.cend() && it.key() == deviceId; ++it)
        if (Conversation *c = find(it.value()))
            out.append(c);
    return out;
}

QList<Conversation *> ConversationRegistry::all() const
{
    QList<Conversation *> out;
    out.reserve(int(entries_.size()));
    for (const auto &e : entries_)
        out.append(e.second.conversation.get());
    return out;
}

void ConversationRegistry::remove(qint64 sessionId)
{
    auto it = entries_.find(sessionId);
    if (it == entries_.end())
        return;
    Conversation *c = it->second.conversation.release();
    byDeviceSession_.remove(deviceKey(c->deviceId(), c->deviceSessionId()));
    byDevice_.remove(c->deviceId(), sessionId);
    entries_.erase(it);
    sizeChanged();
    c->deleteLater();
}

void ConversationRegistry::clear()
{
    entries_.clear();
    byDeviceSession_.clear();
    byDevice_.clear();
    sizeChanged();
}

void ConversationRegistry::exportSize(Gauge *gauge)
{
    sizeGauge_ = gauge;
    sizeChanged();
}

void ConversationRegistry::sizeChanged()
{
    if (sizeGauge_)
        sizeGauge_->set(double(entries_.size()));
}

} // namespace spk::server
