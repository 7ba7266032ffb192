#pragma once
// Every simulated device's UDP uplink (protocol.md §4) from ONE shared socket: each stream sends the clip's
// Opus frames, sealed with its session key, one per 20 ms of its own clock (a 2 ms timer sends whatever
// is due, so the streams' phases spread over the 20 ms as real devices' would). A stream either stops
// after the clip with the end flag on its last frame, or loops the clip until finish() is called.
#include "bench/voice/speech_clip.h"
#include "shared/media/session_key.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>
#include <QTimer>
#include <QUdpSocket>

#include <functional>
#include <map>

namespace spk::bench {

class UplinkPacer : public QObject
{
    Q_OBJECT
public:
    struct Target
    {
        QHostAddress host;
        quint16 port = 0;
        quint32 ssrc = 0;
        spk::media::SessionKey key{};
    };

    explicit UplinkPacer(const SpeechClip &clip, QObject *parent = nullptr);

    // Starts a stream; onEnd runs right after its end-flag frame left. loop = repeat the clip until
    // finish(). Returns false when the ssrc is already streaming.
    bool start(const Target &target, bool loop, std::function<void()> onEnd);
    // A looping stream sends its next frame with the end flag, then stops.
    void finish(quint32 ssrc);
    int activeStreams() const { return int(streams_.size()); }
    qint64 framesSent() const { return framesSent_; }
    qint64 sendErrors() const { return sendErrors_; }

private:
    struct Stream
    {
        Target target;
        bool loop = false;
        bool finishing = false;
        qint64 startMs = 0;
        quint32 seq = 0;
        std::function<void()> onEnd;
    };
    void onTick();
    bool sendFrame(Stream &s); // true when that was the end frame

    const SpeechClip &clip_;
    QUdpSocket socket_;
    QTimer tick_;
    QElapsedTimer clock_;
    std::map<quint32, Stream> streams_;
    qint64 framesSent_ = 0;
    qint64 sendErrors_ = 0;
};

} // namespace spk::bench
