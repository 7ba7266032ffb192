#include "server/bridge/conversation_lifecycle.h"

namespace spk::server {

QString progressStageName(VoiceStage stage)
{
    switch (stage) {
    case VoiceStage::Listening:
        return QStringLiteral("listening");
    case VoiceStage::Recognizing:
        return QStringLiteral("recognizing");
    case VoiceStage::Thinking:
        return QStringLiteral("thinking");
    case VoiceStage::Speaking:
    case VoiceStage::AwaitingSessionEnd:
        return QStringLiteral("speaking");
    case VoiceStage::Completed:
        return QStringLiteral("completed");
    case VoiceStage::Failed:
        return QStringLiteral("failed");
    }
    return QStringLiteral("failed");
}

ConversationLifecycle::ConversationLifecycle(const SessionTimeouts &timeouts, qint64 wakeAtMs,
                                             TimingHook onTiming)
    : timeouts_(timeouts), wakeAtMs_(wakeAtMs), onTiming_(std::move(onTiming)), lastAudioAtMs_(wakeAtMs)
{
    mark(QLatin1String(kWake), wakeAtMs);
}

void ConversationLifecycle::mark(const QString &name, qint64 nowMs)
{
    if (timings_.contains(name))
        return;
    const qint64 ms = qMax<qint64>(0, nowMs - wakeAtMs_);
    timings_.insert(name, ms);
    if (onTiming_)
        onTiming_(name, ms);
}

void ConversationLifecycle::audioReceived(qint64 nowMs)
{
    if (stage_ != VoiceStage::Listening)
        return;
    if (!heardAudio_) { // called for every batch of frames: mark (a map lookup) only the first
        heardAudio_ = true;
        mark(QLatin1String(kFirstAudio), nowMs);
    }
    lastAudioAtMs_ = nowMs;
}

bool ConversationLifecycle::endOfSpeech(qint64 nowMs)
{
    if (stage_ != VoiceStage::Listening)
        return false;
    mark(QLatin1String(kEndOfSpeech), nowMs);
    endOfSpeechAtMs_ = nowMs;
    stage_ = VoiceStage::Recognizing;
    return true;
}

void ConversationLifecycle::partialTranscript(qint64 nowMs)
{
    if (!finished())
        mark(QLatin1String(kFirstPartial), nowMs);
}

bool ConversationLifecycle::finalTranscript(qint64 nowMs)
{
    if (stage_ != VoiceStage::Recognizing)
        return false;
    mark(QLatin1String(kFinalTranscript), nowMs);
    stage_ = VoiceStage::Thinking;
    return true;
}

bool ConversationLifecycle::replyStarted(qint64 nowMs)
{
    if (stage_ != VoiceStage::Thinking)
        return false;
    mark(QLatin1String(kFirstFramePushed), nowMs);
    stage_ = VoiceStage::Speaking;
    return true;
}

bool ConversationLifecycle::replyDelivered(qint64 nowMs)
{
    if (stage_ == VoiceStage::Thinking)
        replyStarted(nowMs);
    if (stage_ != VoiceStage::Speaking)
        return false;
    mark(QLatin1String(kPlayEnd), nowMs);
    playEndAtMs_ = nowMs;
    delivered_ = true;
    stage_ = VoiceStage::AwaitingSessionEnd;
    return true;
}

bool ConversationLifecycle::sessionEnd(qint64 nowMs)
{
    return finish(nowMs, VoiceStage::Completed, {});
}

bool ConversationLifecycle::fail(qint64 nowMs, const QString &reason)
{
    return finish(nowMs, VoiceStage::Failed, reason);
}

bool ConversationLifecycle::finish(qint64 nowMs, VoiceStage to, const QString &reason)
{
    if (finished())
        return false;
    mark(QLatin1String(kSessionEnd), nowMs);
    stage_ = to;
    failureReason_ = reason;
    return true;
}

std::optional<qint64> ConversationLifecycle::nextDeadline() const
{
    switch (stage_) {
    case VoiceStage::Listening:
        return lastAudioAtMs_ + timeouts_.noAudioMs;
    case VoiceStage::Recognizing:
    case VoiceStage::Thinking:
    case VoiceStage::Speaking:
        return endOfSpeechAtMs_ + timeouts_.replyMs;
    case VoiceStage::AwaitingSessionEnd:
        return playEndAtMs_ + timeouts_.sessionEndMs;
    case VoiceStage::Completed:
    case VoiceStage::Failed:
        break;
    }
    return std::nullopt;
}

bool ConversationLifecycle::checkTimeouts(qint64 nowMs)
{
    const auto due = nextDeadline();
    if (!due || nowMs < *due)
        return false;
    switch (stage_) {
    case VoiceStage::Listening:
        return fail(nowMs, QStringLiteral("no_audio"));
    case VoiceStage::AwaitingSessionEnd:
        // The reply reached the device; only its session_end went missing.
        return finish(nowMs, VoiceStage::Completed, QStringLiteral("no_session_end"));
    default:
        return fail(nowMs, QStringLiteral("reply_timeout"));
    }
}

} // namespace spk::server
