#pragma once
// One simulated speaker holding conversations: the host of a spk::fw::VoiceSession. It owns the device
// (DeviceCore + VoiceSession + Paho client in a SimDevice) and its /ws/audio socket, paces a clip's Opus
// frames in real time into the shared UDP sender, decodes the reply (WebSocket frames or the fallback Ogg
// Opus URL), saves it as WAV on request and timestamps every stage. One conversation at a time.
#include "firmware/device_options.h"
#include "firmware/voice_session.h"
#include "shared/media/audio_format.h"
#include "simulator/voice/conversation_result.h"
#include "simulator/voice/voice_clip.h"

#include <QElapsedTimer>
#include <QObject>
#include <QSslConfiguration>
#include <QUrl>

#include <memory>

class QNetworkAccessManager;

namespace spk::media {
class OpusFrameDecoder;
}

namespace spk::sim {

class SimDevice;
class DeviceAudioSocket;
class ImpairedUdpSender;
struct HostSettings;

// What every speaker of a run shares.
struct VoiceHostContext
{
    ImpairedUdpSender *udp = nullptr;
    QNetworkAccessManager *http = nullptr;
    const QElapsedTimer *clock = nullptr; // the run's clock
    QUrl audioUrlOverride;                // --server: use {server}/ws/audio instead of wake/ack's ws_url
    QString saveRepliesDir;               // empty: do not save
    QSslConfiguration tls;                // for https:// downloads and wss:// (shared/client/tls_trust.h)
};

class VoiceSpeaker : public QObject
{
    Q_OBJECT
public:
    // nullptr with *error when the device options are invalid or Paho rejects the broker URI.
    static std::unique_ptr<VoiceSpeaker> create(const fw::DeviceOptions &options, const QString &secret,
                                                const HostSettings &host, const VoiceHostContext &context,
                                                QString *error);
    ~VoiceSpeaker() override;

    QString deviceId() const;
    SimDevice &device() { return *device_; }
    const SimDevice &device() const { return *device_; }
    const fw::VoiceSession &voice() const { return voice_; }
    bool isBusy() const { return busy_; }
    bool isStreaming() const { return streaming_; }
    const DeviceAudioSocket &audioSocket() const { return *audio_; }

    // Starts a conversation (wake). False when it cannot start; finished() is then not emitted.
    bool converse(std::shared_ptr<const VoiceClip> clip, const QString &sessionId, QString *error);
    // Sends the frames that are due by nowMs (the run's pacing timer calls this every few ms).
    void pump();
    // Advances the device's clock (heartbeats, VoiceSession time-outs).
    void tick();
    // Ends a live conversation without waiting (shutdown); finished() follows.
    void abort(const QString &why);

signals:
    void finished(const spk::sim::ConversationResult &result);

private:
    VoiceSpeaker(const fw::DeviceOptions &options, const QString &secret, const VoiceHostContext &context);

    qint64 now() const { return context_.clock->elapsed(); }
    void scheduleDrain();
    void drain();
    void flushDevice(); // lets the SimDevice perform what the core queued (wake, session_end)
    void perform(fw::VoiceAction &action);
    void onAudioText(const QString &text);
    void playFrame(const std::vector<uint8_t> &opus);
    void fetchFallback(const QString &url);
    void finish(const fw::SessionEnded &ended);
    void saveReply();

    // Declared before device_: the core keeps a pointer to its component, so the component goes last.
    fw::VoiceSession voice_;
    std::unique_ptr<SimDevice> device_;
    std::unique_ptr<DeviceAudioSocket> audio_;
    std::unique_ptr<media::OpusFrameDecoder> decoder_;
    VoiceHostContext context_;
    bool drainScheduled_ = false;

    // The conversation in progress.
    bool busy_ = false;
    bool streaming_ = false;
    std::shared_ptr<const VoiceClip> clip_;
    size_t nextFrame_ = 0;
    qint64 streamStartMs_ = 0;
    media::Pcm16 reply_;
    ConversationResult result_;
};

} // namespace spk::sim
