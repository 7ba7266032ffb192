#pragma once
// spksim --voice: connects the speakers (at --connect-rate), then runs --conversations spoken
// conversations, at most --concurrency at once, each on a free speaker (one conversation per speaker at a
// time) with the next clip in turn; stops the speakers cleanly when all are done.
#include "simulator/sim_options.h"
#include "simulator/tcp_nodelay_sweeper.h"
#include "simulator/tls_probe.h"
#include "simulator/voice/voice_clip.h"
#include "simulator/voice/voice_report.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QObject>
#include <QTimer>

#include <memory>
#include <vector>

namespace spk::sim {

class ImpairedUdpSender;
class VoiceSpeaker;

class VoiceRun : public QObject
{
    Q_OBJECT
public:
    VoiceRun(SimOptions options, VoiceClips clips, QObject *parent = nullptr);
    ~VoiceRun() override;

    // Creates the speakers and the shared UDP socket; false (with *error) when that fails.
    bool create(QString *error);
    void start();
    // Graceful stop: live conversations are aborted, speakers say goodbye; finished() follows (≤ ~5 s).
    void stop();
    void abort(); // second Ctrl-C: finished() at once
    bool isStopping() const { return stopping_; }
    VoiceRunSnapshot snapshot() const;

signals:
    void finished();

private:
    void rampStep();
    void onSpeakerOnline();
    void checkOnline();
    void beginConversations();
    void scheduleConversations();
    void onConversationFinished(const ConversationResult &result);
    void pumpAll();
    void tickAll();
    void onDeviceStopped();
    void finish();
    QString nextSessionId();

    SimOptions options_;
    VoiceOptions voice_;
    VoiceClips clips_;
    QElapsedTimer clock_;
    std::unique_ptr<ImpairedUdpSender> udp_;
    QNetworkAccessManager http_;
    std::vector<std::unique_ptr<VoiceSpeaker>> speakers_;
    TcpNoDelaySweeper noDelay_;
    QTimer rampTimer_;
    QTimer paceTimer_;
    QTimer tickTimer_;
    QTimer readyDeadline_;
    QTimer durationTimer_;
    QTimer stopDeadline_;
    QString runTag_; // makes session ids unique across runs (the bridge never reuses an ended one)
    size_t nextToConnect_ = 0;
    double rampCredit_ = 0;
    qint64 lastRampMs_ = 0;
    bool conversing_ = false;
    int nextConversation_ = 0;
    size_t nextSpeaker_ = 0;
    std::vector<ConversationResult> results_;
    qint64 stoppedAtMs_ = -1;
    int stoppedDevices_ = 0;
    bool stopping_ = false;
    TlsProbe tlsProbe_;
    bool tlsProbed_ = false;
    bool finished_ = false;
};

} // namespace spk::sim
