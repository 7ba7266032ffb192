#include "server/bridge/conversation.h"

#include "server/bridge/bridge_context.h"
#include "server/bridge/bridge_messages.h"
#include "server/bridge/bridge_metrics.h"
#include "server/bridge/device_audio_hub.h"
#include "server/bridge/device_config_action.h"
#include "server/bridge/fallback_store.h"
#include "server/bridge/reply_engine.h"
#include "server/bridge/reply_streamer.h"
#include "server/bridge/udp_ingest.h"
#include "server/core/bridge_config.h"
#include "server/core/logging.h"
#include "server/core/metrics.h"
#include "server/mqtt/mqtt_client.h"
#include "server/pipeline/asr/asr_backend.h"
#include "server/storage/device_store.h"
#include "server/storage/session_store.h"
#include "shared/media/ogg_opus_packet_writer.h"
#include "shared/protocol/topics.h"

#include <QDir>

namespace spk::server {

using spk::proto::DeviceTopic;
namespace msg = bridge_messages;

namespace {
SilenceDetectorSettings vadSettings(const BridgeConfig &c)
{
    SilenceDetectorSettings s;
    s.thresholdDbfs = c.vadThresholdDbfs;
    s.silenceEndMs = c.silenceEndMs;
    return s;
}
SessionTimeouts timeouts(const BridgeConfig &c)
{
    return {c.noAudioTimeoutMs, c.replyTimeoutMs, c.sessionEndTimeoutMs};
}
} // namespace

Conversation::Conversation(BridgeContext &ctx, qint64 sessionId, QString deviceId, QString deviceSessionId,
                           qint64 wakeAtMs, QObject *parent)
    : QObject(parent), ctx_(ctx), sessionId_(sessionId), deviceId_(std::move(deviceId)),
      deviceSessionId_(std::move(deviceSessionId)),
      lifecycle_(timeouts(ctx.config), wakeAtMs,
                 [this](const QString &name, qint64 ms) { onTiming(name, ms); }),
      vad_(vadSettings(ctx.config)),
      recorder_(QDir(ctx.config.dataDir).absoluteFilePath(QStringLiteral("audio")), sessionId)
{
}

Conversation::~Conversation()
{
    // A conversation destroyed while open (server shutdown) cancels its work; the next start marks
    // the row failed (failActiveSessions).
    if (asrOpen_)
        ctx_.asr.cancel(pipelineId());
    if (replyOpen_)
        ctx_.reply.cancel(pipelineId());
    if (ssrc_ != 0)
        ctx_.ingest.removeStream(ssrc_);
}

quint32 Conversation::start(const spk::media::SessionKey &key)
{
    UplinkSink sink;
    sink.onAudio = [this] { onUplinkAudio(); };
    sink.onOpus = [this](const QByteArray &opus) { onUplinkOpus(opus); };
    sink.onPcm = [this](const spk::media::Pcm16 &pcm) { onUplinkPcm(pcm); };
    sink.onEndOfSpeech = [this] { endOfSpeech("device"); };
    sink.onHeavyLoss = [this] { fail(QStringLiteral("heavy_packet_loss")); };
    ssrc_ = ctx_.ingest.addStream(key, std::move(sink));
    pipeline::AsrStreamOptions options;
    ctx_.asr.startStream(pipelineId(), options);
    asrOpen_ = true;
    return ssrc_;
}

void Conversation::onUplinkAudio()
{
    lifecycle_.audioReceived(ctx_.nowMs());
}

void Conversation::onUplinkOpus(const QByteArray &opus)
{
    // The same frames the pipeline hears (onPcm follows with this frame's PCM).
    if (lifecycle_.stage() == VoiceStage::Listening && ctx_.config.recordAudio)
        recorder_.writeUserPacket(opus);
}

void Conversation::onUplinkPcm(const spk::media::Pcm16 &pcm)
{
    if (lifecycle_.stage() != VoiceStage::Listening)
        return;
    // The recognizer gets 100 ms at a time: a fifth of the calls and queued jobs, and partials
    // come every few hundred ms anyway. The rest is flushed at the end of speech.
    asrPending_.append(reinterpret_cast<const char *>(pcm.data()), qsizetype(pcm.size() * 2));
    if (asrPending_.size() >= kAsrChunkBytes)
        feedAsr();
    utteranceMs_ += spk::media::kFrameMs;
    if (vad_.feed(pcm.data(), pcm.size()) == SilenceDetector::Verdict::EndOfSpeech)
        endOfSpeech("silence");
    else if (utteranceMs_ >= ctx_.config.maxUtteranceMs)
        endOfSpeech("max_utterance");
}

void Conversation::feedAsr()
{
    if (asrPending_.isEmpty())
        return;
    ctx_.asr.feed(pipelineId(), asrPending_);
    asrPending_.clear();
}

void Conversation::endOfSpeech(const char *source)
{
    if (!lifecycle_.endOfSpeech(ctx_.nowMs()))
        return;
    const LogContext log = logContext();
    qCDebug(lcBridge) << "session" << sessionId_ << "end of speech by" << source;
    ctx_.metrics.counter(bridge_metrics::kEndOfSpeech, QLatin1String(source)).inc();
    ctx_.ingest.closeStream(ssrc_);
    if (asrOpen_) {
        feedAsr();
        ctx_.asr.finish(pipelineId());
    }
    progress();
}

void Conversation::onTiming(const QString &name, qint64 msSinceWake)
{
    // Also called for "wake" while lifecycle_ is being constructed: only name may be read then.
    using L = ConversationLifecycle;
    if (name == QLatin1String(L::kEndOfSpeech)) {
        endOfSpeechMs_ = msSinceWake;
        return;
    }
    if (name == QLatin1String(L::kWake) || endOfSpeechMs_ < 0)
        return;
    for (const char *stage : {L::kFinalTranscript, L::kFirstLlmToken, L::kFirstTtsAudio})
        if (name == QLatin1String(stage))
            ctx_.metrics.histogram(bridge_metrics::kStageSeconds, name)
                .observe(double(qMax<qint64>(0, msSinceWake - endOfSpeechMs_)) / 1000);
}

LogContext Conversation::logContext() const
{
    return LogContext({{"device_id", deviceId_}, {"session_id", QString::number(sessionId_)}});
}

void Conversation::onPartial(const QString &text)
{
    if (finished() || text.isEmpty())
        return;
    lifecycle_.partialTranscript(ctx_.nowMs());
    ctx_.mqtt.publish(spk::proto::deviceTopic(deviceId_, DeviceTopic::Transcript),
                      msg::transcript(deviceSessionId_, text, false), 1, false);
    ctx_.sessions.addTranscript(sessionId_, text, false);
}

void Conversation::onFinal(const QString &text)
{
    asrOpen_ = false;
    if (finished())
        return;
    // A device that never set the end flag, and a VAD that heard no end: the final still counts.
    endOfSpeech("asr");
    if (!lifecycle_.finalTranscript(ctx_.nowMs()))
        return;
    userQuery_ = text.trimmed();
    ctx_.mqtt.publish(spk::proto::deviceTopic(deviceId_, DeviceTopic::Transcript),
                      msg::transcript(deviceSessionId_, userQuery_, true), 1, false);
    ctx_.sessions.addTranscript(sessionId_, userQuery_, true);
    ctx_.sessions.setTexts(sessionId_, userQuery_, QString());
    progress(userQuery_);

    ReplyRequest request;
    request.turnId = pipelineId();
    request.deviceId = deviceId_;
    request.transcript = userQuery_;
    for (const SessionRecord &turn : ctx_.sessions.recentTurns(deviceId_, 5))
        request.history.append({turn.userQuery, turn.aiResponse});
    if (const auto device = ctx_.devices.find(deviceId_)) {
        request.volume = device->applied.volume;
        request.battery = device->battery;
        request.temperature = device->temperature;
        request.online = device->online;
    }
    streamer_ = std::make_unique<ReplyStreamer>(
        deviceSessionId_, [this](const QJsonObject &m) { return ctx_.audioHub.send(deviceId_, m); });
    replyOpen_ = true;
    ctx_.reply.start(request);
}

void Conversation::onAsrFailed(const QString &message)
{
    asrOpen_ = false;
    const LogContext log = logContext();
    qCInfo(lcBridge).noquote() << "session" << sessionId_ << "ASR failed:" << message;
    fail(QStringLiteral("asr_failed"));
}

void Conversation::onFirstToken()
{
    lifecycle_.mark(QLatin1String(ConversationLifecycle::kFirstLlmToken), ctx_.nowMs());
}

void Conversation::onSentence(const QString &text)
{
    if (text.trimmed().isEmpty())
        return;
    aiResponse_ = aiResponse_.isEmpty() ? text.trimmed() : aiResponse_ + QLatin1Char(' ') + text.trimmed();
}

void Conversation::onReplyAudio(const QByteArray &pcm16k)
{
    if (finished() || !streamer_ || pcm16k.isEmpty())
        return;
    lifecycle_.mark(QLatin1String(ConversationLifecycle::kFirstTtsAudio), ctx_.nowMs());
    streamer_->push(pcm16k);
    recordReplyFrames();
    if (streamer_->framesSent() && lifecycle_.replyStarted(ctx_.nowMs()))
        progress(aiResponse_);
}

void Conversation::recordReplyFrames()
{
    const QList<QByteArray> &frames = streamer_->frames();
    if (ctx_.config.recordAudio)
        for (qsizetype i = recordedReplyFrames_; i < frames.size(); ++i)
            recorder_.writeAssistantPacket(frames.at(i));
    recordedReplyFrames_ = frames.size();
}

void Conversation::onAction(const QJsonObject &action)
{
    QString error;
    const QString requestId = ctx_.actions.execute(deviceId_, action, &error, sessionId_);
    const LogContext log = logContext();
    const LogContext request({{"request_id", requestId}});
    if (requestId.isEmpty())
        qCWarning(lcBridge).noquote() << "session" << sessionId_ << "action failed:" << error;
    else
        qCInfo(lcBridge).noquote() << "session" << sessionId_ << "set device config, request" << requestId;
}

void Conversation::onReplyFinished(const QString &fullText)
{
    replyOpen_ = false;
    if (finished() || !streamer_)
        return;
    if (!fullText.trimmed().isEmpty())
        aiResponse_ = fullText.trimmed();
    ctx_.sessions.setTexts(sessionId_, QString(), aiResponse_);
    streamer_->finish();
    recordReplyFrames();
    if (streamer_->usingFallback())
        deliverFallback();
    replyDone();
}

void Conversation::onReplyFailed(const QString &message)
{
    replyOpen_ = false;
    const LogContext log = logContext();
    qCInfo(lcBridge).noquote() << "session" << sessionId_ << "reply failed:" << message;
    fail(QStringLiteral("reply_failed"));
}

void Conversation::replyDone()
{
    if (lifecycle_.replyDelivered(ctx_.nowMs()))
        progress(aiResponse_);
    const auto &t = lifecycle_.timings();
    if (t.contains(QLatin1String(ConversationLifecycle::kFirstFramePushed)) &&
        t.contains(QLatin1String(ConversationLifecycle::kEndOfSpeech)))
        ctx_.metrics.histogram(bridge_metrics::kFirstReplyFrameSeconds)
            .observe(double(t.value(QLatin1String(ConversationLifecycle::kFirstFramePushed)) -
                            t.value(QLatin1String(ConversationLifecycle::kEndOfSpeech))) /
                     1000);
}

void Conversation::deliverFallback()
{
    // The frames already encoded for the WebSocket, muxed: the reply is not encoded a second time.
    QString error;
    auto writer = spk::media::OggOpusPacketWriter::toMemory({}, &error);
    bool written = writer != nullptr;
    for (const QByteArray &frame : streamer_->frames())
        written = written && writer->writePacket(frame);
    if (!written || !writer->finish()) {
        const LogContext log = logContext();
        qCWarning(lcBridge).noquote()
            << "session" << sessionId_
            << "cannot encode the fallback reply:" << (writer ? writer->errorString() : error);
        return;
    }
    const QString url = ctx_.publicHttpUrl() + ctx_.fallback.put(writer->bytes());
    ctx_.mqtt.publish(spk::proto::deviceTopic(deviceId_, DeviceTopic::Play), msg::play(deviceSessionId_, url),
                      1, false);
    const LogContext log = logContext();
    qCInfo(lcBridge) << "session" << sessionId_ << "reply offered through the fallback URL";
}

void Conversation::onSessionEnd()
{
    if (lifecycle_.sessionEnd(ctx_.nowMs()))
        close();
}

void Conversation::onWebSocketLost()
{
    if (streamer_ && !streamer_->finished() && streamer_->framesSent())
        streamer_->connectionLost();
}

void Conversation::checkTimeouts()
{
    if (lifecycle_.checkTimeouts(ctx_.nowMs())) {
        const LogContext log = logContext();
        qCInfo(lcBridge).noquote() << "session" << sessionId_
                                   << "closed by time-out:" << lifecycle_.failureReason();
        close();
    }
}

void Conversation::fail(const QString &reason)
{
    if (lifecycle_.fail(ctx_.nowMs(), reason))
        close();
}

void Conversation::progress(const QString &text)
{
    ctx_.mqtt.publish(QLatin1String(spk::proto::kSessionProgressTopic),
                      msg::sessionProgress(deviceId_, sessionId_, deviceSessionId_,
                                           progressStageName(lifecycle_.stage()), text),
                      0, false);
}

void Conversation::close()
{
    if (closing_)
        return;
    closing_ = true;
    if (asrOpen_)
        ctx_.asr.cancel(pipelineId());
    if (replyOpen_)
        ctx_.reply.cancel(pipelineId());
    asrOpen_ = replyOpen_ = false;
    ctx_.ingest.removeStream(ssrc_);
    ssrc_ = 0;

    const QString userPath = recorder_.finish(SessionRecorder::Track::User);
    const QString assistantPath = recorder_.finish(SessionRecorder::Track::Assistant);
    if (!userPath.isEmpty())
        ctx_.sessions.setAudioPath(sessionId_, QStringLiteral("user"), userPath);
    if (!assistantPath.isEmpty())
        ctx_.sessions.setAudioPath(sessionId_, QStringLiteral("assistant"), assistantPath);
    const auto &timings = lifecycle_.timings();
    for (auto it = timings.cbegin(); it != timings.cend(); ++it)
        ctx_.sessions.setTiming(sessionId_, it.key(), it.value());
    const bool completed = lifecycle_.stage() == VoiceStage::Completed;
    ctx_.sessions.finish(sessionId_, completed ? QStringLiteral("completed") : QStringLiteral("failed"),
                         lifecycle_.failureReason());
    ctx_.metrics
        .counter(bridge_metrics::kSessions,
                 completed ? QStringLiteral("completed") : QStringLiteral("failed"))
        .inc();
    progress(completed ? aiResponse_ : lifecycle_.failureReason());
    const LogContext log = logContext();
    qCInfo(lcBridge).noquote() << "session" << sessionId_ << "(" << deviceId_ << deviceSessionId_ << ")"
                               << (completed ? "completed" : "failed") << lifecycle_.failureReason();
    emit closed(sessionId_);
}

} // namespace spk::server
