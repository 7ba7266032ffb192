#pragma once
// spksim --voice: connects the speakers (at --connect-rate), then runs --conversations spoken
// conversations, at most --concurrency at once, each on a free speaker (one conversation per speaker at a
// time) with the next clip in turn; stops the speakers cleanly when all are done.
#include "simulator/sim_options.h"
#include "simulator/tcp_nodelay_sweeper.h"
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
    bool isStopping() const { return m_stopping; }
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

    SimOptions m_options;
    VoiceOptions m_voice;
    VoiceClips m_clips;
    QElapsedTimer m_clock;
    std::unique_ptr<ImpairedUdpSender> m_udp;
    QNetworkAccessManager m_http;
    std::vector<std::unique_ptr<VoiceSpeaker>> m_speakers;
    TcpNoDelaySweeper m_noDelay;
    QTimer m_rampTimer;
    QTimer m_paceTimer;
    QTimer m_tickTimer;
    QTimer m_readyDeadline;
    QTimer m_durationTimer;
    QTimer m_stopDeadline;
    QString m_runTag; // makes session ids unique across runs (the bridge never reuses an ended one)
    size_t m_nextToConnect = 0;
    double m_rampCredit = 0;
    qint64 m_lastRampMs = 0;
    bool m_conversing = false;
    int m_nextConversation = 0;
    size_t m_nextSpeaker = 0;
    std::vector<ConversationResult> m_results;
    qint64 m_stoppedAtMs = -1;
    int m_stoppedDevices = 0;
    bool m_stopping = false;
    bool m_finished = false;
};

} // namespace spk::sim
