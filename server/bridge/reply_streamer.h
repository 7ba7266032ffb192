#pragma once
// Turns one reply's synthesized PCM into the §5 downlink while it is being synthesized: 20 ms Opus
// frames pushed as audio_frame messages as soon as they exist (not paced: the device buffers and plays
// at its own clock), after a play_start, and a play_end at the end. One frame is held back so the last
// one can carry is_final. If the device's WebSocket is missing or drops, the streamer switches to
// fallback mode: it stops sending, and at the end the whole reply is handed out as Ogg Opus.
#include "shared/media/audio_format.h"
#include "shared/media/opus_frame_encoder.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <functional>

namespace spk::server {

class ReplyStreamer
{
public:
    // send: delivers one JSON message to the device; returns false when it has no open WebSocket.
    using Send = std::function<bool(const QJsonObject &)>;

    ReplyStreamer(QString deviceSessionId, Send send);

    // More reply audio (16 kHz mono s16le, any length).
    void push(const QByteArray &pcm16k);
    // End of the reply: flushes (pads the last frame with silence) and sends play_end.
    void finish();
    // The device's WebSocket went away: stop sending, the reply goes out through the fallback.
    void connectionLost();

    bool framesSent() const { return sent_ > 0; }
    int frameCount() const { return encoded_; }
    bool usingFallback() const { return fallback_; }
    bool finished() const { return finished_; }
    // Everything synthesized so far.
    const spk::media::Pcm16 &pcm() const { return pcm_; }
    // Every 20 ms Opus frame encoded so far, in order: the assistant recording and the fallback file
    // mux these packets, so a reply is encoded once.
    const QList<QByteArray> &frames() const { return frames_; }

private:
    void encodeReadyFrames(bool flush);
    void sendFrame(const QByteArray &opus, bool isFinal);

    QString sessionId_;
    Send send_;
    spk::media::OpusFrameEncoder encoder_;
    spk::media::Pcm16 pcm_;
    std::size_t encodedSamples_ = 0; // of pcm_
    QByteArray held_;                // the newest frame, sent when the next one exists (or as the last)
    QList<QByteArray> frames_;
    int encoded_ = 0;
    int sent_ = 0;
    qint64 startedAtMs_ = 0;
    bool fallback_ = false;
    bool finished_ = false;
};

} // namespace spk::server
