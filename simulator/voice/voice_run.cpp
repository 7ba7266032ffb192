#include "simulator/voice/voice_run.h"

#include "simulator/sim_device.h"
#include "simulator/sim_logging.h"
#include "simulator/voice/device_audio_socket.h"
#include "simulator/voice/impaired_udp_sender.h"
#include "simulator/voice/voice_speaker.h"

#include <QDateTime>

namespace spk::sim {

namespace {
constexpr int kRampStepMs = 10;
constexpr int kPaceMs = 5;   // frames leave within 5 ms of their 20 ms slot
constexpr int kTickMs = 100; // VoiceSession time-outs and heartbeats
constexpr int kReadyTimeoutMs = 15000;
constexpr int kGoodbyeDeadlineMs = 5000;
} // namespace

VoiceRun::VoiceRun(SimOptions options, VoiceClips clips, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_voice(*m_options.voice), m_clips(std::move(clips))
{
    m_rampTimer.setInterval(kRampStepMs);
    m_paceTimer.setInterval(kPaceMs);
    m_paceTimer.setTimerType(Qt::PreciseTimer);
    m_tickTimer.setInterval(kTickMs);
    m_readyDeadline.setSingleShot(true);
    m_durationTimer.setSingleShot(true);
    m_stopDeadline.setSingleShot(true);
    connect(&m_rampTimer, &QTimer::timeout, this, &VoiceRun::rampStep);
    connect(&m_paceTimer, &QTimer::timeout, this, &VoiceRun::pumpAll);
    connect(&m_tickTimer, &QTimer::timeout, this, &VoiceRun::tickAll);
    connect(&m_readyDeadline, &QTimer::timeout, this, &VoiceRun::beginConversations);
    connect(&m_durationTimer, &QTimer::timeout, this, &VoiceRun::stop);
    connect(&m_stopDeadline, &QTimer::timeout, this, &VoiceRun::abort);
    // Base 36 of the start time: short, and unique per run for the same device.
    m_runTag = QStringLiteral("v") + QString::number(QDateTime::currentMSecsSinceEpoch(), 36);
}

VoiceRun::~VoiceRun() = default;

bool VoiceRun::create(QString *error)
{
    m_udp = std::make_unique<ImpairedUdpSender>(m_voice.impairment);
    if (!m_udp->open(error))
        return false;
    VoiceHostContext context;
    context.udp = m_udp.get();
    context.http = &m_http;
    context.clock = &m_clock;
    context.audioUrlOverride = m_voice.audioUrl;
    context.saveRepliesDir = m_voice.saveRepliesDir;
    HostSettings host;
    host.brokerUri = m_options.brokerUri.toStdString();
    host.ackDelayMs = m_options.ackDelayMs;
    host.failAcks = m_options.failAcks;
    for (const QString &id : m_options.deviceIds) {
        fw::DeviceOptions o;
        o.deviceId = id.toStdString();
        o.firmwareVersion = m_options.firmwareVersion.toStdString();
        o.statusIntervalMs = uint32_t(m_options.statusIntervalMs);
        o.rebootDowntimeMs = uint32_t(m_options.rebootDowntimeMs);
        o.keepAliveSeconds = uint16_t(m_options.keepAliveSeconds);
        auto speaker = VoiceSpeaker::create(o, m_voice.secrets.value(id), host, context, error);
        if (!speaker)
            return false;
        connect(speaker.get(), &VoiceSpeaker::finished, this, &VoiceRun::onConversationFinished);
        connect(&speaker->device(), &SimDevice::linkUp, this, &VoiceRun::onSpeakerOnline);
        connect(&speaker->device(), &SimDevice::linkUp, &m_noDelay, &TcpNoDelaySweeper::requestSweep);
        connect(&speaker->audioSocket(), &DeviceAudioSocket::opened, &m_noDelay,
                &TcpNoDelaySweeper::requestSweep);
        connect(&speaker->device(), &SimDevice::stopped, this, &VoiceRun::onDeviceStopped);
        m_speakers.push_back(std::move(speaker));
    }
    return true;
}

void VoiceRun::start()
{
    m_clock.start();
    m_rampCredit = 1; // the first speaker connects at once
    rampStep();
    m_rampTimer.start();
    m_tickTimer.start();
    m_readyDeadline.start(kReadyTimeoutMs);
    if (m_options.durationMs > 0)
        m_durationTimer.start(m_options.durationMs);
    qCInfo(lcSim).noquote() << "voice run" << m_runTag << ":" << m_voice.conversations << "conversations on"
                            << m_speakers.size() << "speakers," << m_voice.concurrency << "at once";
}

void VoiceRun::rampStep()
{
    const qint64 now = m_clock.elapsed();
    m_rampCredit += m_options.connectRate * double(now - m_lastRampMs) / 1000.0;
    m_lastRampMs = now;
    while (m_rampCredit >= 1.0 && m_nextToConnect < m_speakers.size()) {
        m_speakers[m_nextToConnect++]->device().start();
        m_rampCredit -= 1.0;
    }
    if (m_nextToConnect >= m_speakers.size())
        m_rampTimer.stop();
}

void VoiceRun::onSpeakerOnline()
{
    // linkUp comes just before the device core hears of the connection: look once it has.
    QMetaObject::invokeMethod(this, &VoiceRun::checkOnline, Qt::QueuedConnection);
}

void VoiceRun::checkOnline()
{
    if (m_stopping)
        return;
    if (m_conversing) {
        scheduleConversations(); // a speaker that was offline may take a waiting conversation
        return;
    }
    const bool allOnline = std::all_of(m_speakers.begin(), m_speakers.end(),
                                       [](const auto &s) { return s->device().isConnected(); });
    if (allOnline)
        beginConversations();
}

void VoiceRun::beginConversations()
{
    if (m_conversing || m_stopping)
        return;
    m_conversing = true;
    m_readyDeadline.stop();
    m_paceTimer.start();
    qCInfo(lcSim) << "conversations begin after" << m_clock.elapsed() << "ms";
    scheduleConversations();
}

void VoiceRun::scheduleConversations()
{
    const auto live = [this] {
        return int(
            std::count_if(m_speakers.begin(), m_speakers.end(), [](const auto &s) { return s->isBusy(); }));
    };
    while (!m_stopping && m_nextConversation < m_voice.conversations && live() < m_voice.concurrency) {
        VoiceSpeaker *speaker = nullptr;
        for (size_t i = 0; i < m_speakers.size() && !speaker; ++i) {
            VoiceSpeaker *candidate = m_speakers[(m_nextSpeaker + i) % m_speakers.size()].get();
            if (!candidate->isBusy() && candidate->device().isConnected()) {
                speaker = candidate;
                m_nextSpeaker = (m_nextSpeaker + i + 1) % m_speakers.size();
            }
        }
        if (!speaker)
            return; // every free speaker is offline: wait for one to come back (or the run's end)
        const auto &clip = m_clips[size_t(m_nextConversation) % m_clips.size()];
        const QString sessionId = nextSessionId();
        ++m_nextConversation;
        QString error;
        if (!speaker->converse(clip, sessionId, &error)) {
            ConversationResult r;
            r.deviceId = speaker->deviceId();
            r.sessionId = sessionId;
            r.clip = clip->name;
            r.failure = QStringLiteral("not_started: ") + error;
            m_results.push_back(r);
        }
    }
    if (m_results.size() >= size_t(m_voice.conversations))
        stop();
}

QString VoiceRun::nextSessionId()
{
    return m_runTag + QLatin1Char('-') + QString::number(m_nextConversation + 1);
}

void VoiceRun::onConversationFinished(const ConversationResult &result)
{
    m_results.push_back(result);
    if (result.completed)
        qCInfo(lcSim, "%s %s completed in %lld ms, heard \"%s\"", qUtf8Printable(result.deviceId),
               qUtf8Printable(result.sessionId), result.totalMs(), qUtf8Printable(result.finalTranscript));
    else
        qCWarning(lcSim, "%s %s failed: %s", qUtf8Printable(result.deviceId),
                  qUtf8Printable(result.sessionId), qUtf8Printable(result.failure));
    // Next conversation from the event loop: we are inside the speaker's action handling here.
    QMetaObject::invokeMethod(this, &VoiceRun::scheduleConversations, Qt::QueuedConnection);
}

void VoiceRun::pumpAll()
{
    for (auto &s : m_speakers)
        s->pump();
}

void VoiceRun::tickAll()
{
    for (auto &s : m_speakers)
        s->tick();
}

void VoiceRun::stop()
{
    if (m_stopping)
        return;
    m_stopping = true;
    m_stoppedAtMs = m_clock.elapsed();
    for (QTimer *t : {&m_rampTimer, &m_paceTimer, &m_tickTimer, &m_readyDeadline, &m_durationTimer})
        t->stop();
    m_stopDeadline.start(kGoodbyeDeadlineMs);
    for (auto &s : m_speakers)
        s->abort(QStringLiteral("stopped")); // records the live ones as failed
    for (auto &s : m_speakers)
        s->device().powerOff();
    if (m_speakers.empty())
        finish();
}

void VoiceRun::abort()
{
    if (!m_stopping)
        stop();
    if (!m_finished) {
        const int pending = int(m_speakers.size()) - m_stoppedDevices;
        if (pending > 0)
            qCWarning(lcSim) << pending << "speakers did not finish disconnecting in time";
        finish();
    }
}

void VoiceRun::onDeviceStopped()
{
    ++m_stoppedDevices;
    if (m_stopping && m_stoppedDevices >= int(m_speakers.size()))
        finish();
}

void VoiceRun::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_stopDeadline.stop();
    QMetaObject::invokeMethod(this, &VoiceRun::finished, Qt::QueuedConnection);
}

VoiceRunSnapshot VoiceRun::snapshot() const
{
    VoiceRunSnapshot s;
    s.brokerUri = m_options.brokerUri;
    s.elapsedMs = m_stoppedAtMs >= 0 ? m_stoppedAtMs : m_clock.elapsed();
    s.devices = int(m_speakers.size());
    s.requested = m_voice.conversations;
    s.impairment = m_voice.impairment;
    if (m_udp)
        s.udp = m_udp->counters();
    for (const auto &sp : m_speakers) {
        s.online += sp->device().isConnected() ? 1 : 0;
        s.active += sp->isBusy() ? 1 : 0;
        s.streaming += sp->isStreaming() ? 1 : 0;
        s.voice += sp->voice().counters();
        s.audioSocketOpens += sp->audioSocket().opens();
        s.audioSocketFailures += sp->audioSocket().failures();
    }
    s.results = m_results;
    return s;
}

} // namespace spk::sim
