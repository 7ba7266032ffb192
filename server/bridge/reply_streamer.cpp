#include "server/bridge/reply_streamer.h"

#include "server/bridge/bridge_messages.h"
#include "server/core/logging.h"

#include <QDateTime>

#include <cstring>

namespace spk::server {

using spk::media::kFrameMs;
using spk::media::kFrameSamples;

ReplyStreamer::ReplyStreamer(QString deviceSessionId, Send send)
    : sessionId_(std::move(deviceSessionId)), send_(std::move(send))
{
}

void ReplyStreamer::push(const QByteArray &pcm16k)
{
    if (finished_)
        return;
    const std::size_t samples = std::size_t(pcm16k.size()) / 2;
    const std::size_t at = pcm_.size();
    pcm_.resize(at + samples);
    std::memcpy(pcm_.data() + at, pcm16k.constData(), samples * 2);
    encodeReadyFrames(false);
}

void ReplyStreamer::finish()
{
    if (finished_)
        return;
    encodeReadyFrames(true);
    if (!held_.isEmpty())
        sendFrame(held_, true);
    held_.clear();
    if (!fallback_ && sent_ > 0 && !send_(bridge_messages::playEnd(sessionId_)))
        fallback_ = true;
    if (sent_ == 0) // nothing reached the device (no socket, or nothing to say): fallback decides
        fallback_ = fallback_ || encoded_ > 0;
    finished_ = true;
}

void ReplyStreamer::connectionLost()
{
    if (!finished_ && !fallback_) {
        qCInfo(lcBridge) << "session" << sessionId_
                         << "lost its WebSocket mid-reply; switching to the fallback";
        fallback_ = true;
    }
}

void ReplyStreamer::encodeReadyFrames(bool flush)
{
    while (pcm_.size() - encodedSamples_ >= std::size_t(kFrameSamples) ||
           (flush && pcm_.size() > encodedSamples_)) {
        spk::media::Pcm16 frame(kFrameSamples, 0); // the last one is padded with silence
        const std::size_t n = qMin<std::size_t>(kFrameSamples, pcm_.size() - encodedSamples_);
        std::memcpy(frame.data(), pcm_.data() + encodedSamples_, n * 2);
        encodedSamples_ += n;
        const QByteArray opus = encoder_.encode(frame);
        if (opus.isEmpty()) {
            qCWarning(lcBridge).noquote() << "opus encode failed:" << encoder_.errorString();
            continue;
        }
        ++encoded_;
        frames_.append(opus);
        if (!held_.isEmpty())
            sendFrame(held_, false);
        held_ = opus;
    }
}

void ReplyStreamer::sendFrame(const QByteArray &opus, bool isFinal)
{
    if (fallback_)
        return;
    if (sent_ == 0) {
        startedAtMs_ = QDateTime::currentMSecsSinceEpoch();
        // Length unknown while the reply is still being synthesized: null, as §5 allows.
        if (!send_(bridge_messages::playStart(sessionId_, std::nullopt, std::nullopt))) {
            fallback_ = true;
            return;
        }
    }
    const int seq = sent_ + 1;
    if (!send_(bridge_messages::audioFrame(sessionId_, seq, startedAtMs_ + qint64(sent_) * kFrameMs, opus,
                                           isFinal))) {
        fallback_ = true;
        return;
    }
    ++sent_;
}

} // namespace spk::server
