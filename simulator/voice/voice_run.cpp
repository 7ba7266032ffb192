#include "simulator/voice/voice_run.h"

#include "shared/client/tls_trust.h"
#include "simulator/fleet.h"
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
    : QObject(parent), options_(std::move(options)), voice_(*options_.voice), clips_(std::move(clips))
{
    rampTimer_.setInterval(kRampStepMs);
    paceTimer_.setInterval(kPaceMs);
    paceTimer_.setTimerType(Qt::PreciseTimer);
    tickTimer_.setInterval(kTickMs);
    readyDeadline_.setSingleShot(true);
    durationTimer_.setSingleShot(true);
    stopDeadline_.setSingleShot(true);
    connect(&rampTimer_, &QTimer::timeout, this, &VoiceRun::rampStep);
    connect(&paceTimer_, &QTimer::timeout, this, &VoiceRun::pumpAll);
    connect(&tickTimer_, &QTimer::timeout, this, &VoiceRun::tickAll);
    connect(&readyDeadline_, &QTimer::timeout, this, &VoiceRun::beginConversations);
    connect(&durationTimer_, &QTimer::timeout, this, &VoiceRun::stop);
    connect(&stopDeadline_, &QTimer::timeout, this, &VoiceRun::abort);
    // Base 36 of the start time: short, and unique per run for the same device.
    runTag_ = QStringLiteral("v") + QString::number(QDateTime::currentMSecsSinceEpoch(), 36);
}

VoiceRun::~VoiceRun() = default;

bool VoiceRun::create(QString *error)
{
    udp_ = std::make_unique<ImpairedUdpSender>(voice_.impairment);
    if (!udp_->open(error))
        return false;
    VoiceHostContext context;
    context.udp = udp_.get();
    context.http = &http_;
    context.clock = &clock_;
    context.audioUrlOverride = voice_.audioUrl;
    context.saveRepliesDir = voice_.saveRepliesDir;
    if (!client::TlsTrust::load(options_.caFile, &context.tls, error)) // checked at parse time already
        return false;
    HostSettings host;
    host.brokerUri = options_.brokerUri.toStdString();
    host.ackDelayMs = options_.ackDelayMs;
    host.failAcks = options_.failAcks;
    for (const QString &id : options_.deviceIds) {
        fw::DeviceOptions o;
        o.deviceId = id.toStdString();
        o.secret = voice_.secrets.value(id).toStdString(); // its MQTT password too
        o.firmwareVersion = options_.firmwareVersion.toStdString();
        o.statusIntervalMs = uint32_t(options_.statusIntervalMs);
        o.rebootDowntimeMs = uint32_t(options_.rebootDowntimeMs);
        o.keepAliveSeconds = uint16_t(options_.keepAliveSeconds);
        o.tls = mqttTlsSettings(options_);
        auto speaker = VoiceSpeaker::create(o, voice_.secrets.value(id), host, context, error);
        if (!speaker)
            return false;
        connect(speaker.get(), &VoiceSpeaker::finished, this, &VoiceRun::onConversationFinished);
        connect(&speaker->device(), &SimDevice::linkUp, this, &VoiceRun::onSpeakerOnline);
        connect(&speaker->device(), &SimDevice::linkUp, &noDelay_, &TcpNoDelaySweeper::requestSweep);
        connect(&speaker->audioSocket(), &DeviceAudioSocket::opened, &noDelay_,
                &TcpNoDelaySweeper::requestSweep);
        connect(&speaker->device(), &SimDevice::stopped, this, &VoiceRun::onDeviceStopped);
        connect(&speaker->device(), &SimDevice::connectFailed, this,
                [this] { probeTlsOnce(options_, &tlsProbe_, &tlsProbed_); });
        speakers_.push_back(std::move(speaker));
    }
    return true;
}

void VoiceRun::start()
{
    clock_.start();
    rampCredit_ = 1; // the first speaker connects at once
    rampStep();
    rampTimer_.start();
    tickTimer_.start();
    readyDeadline_.start(kReadyTimeoutMs);
    if (options_.durationMs > 0)
        durationTimer_.start(options_.durationMs);
    qCInfo(lcSim).noquote() << "voice run" << runTag_ << ":" << voice_.conversations << "conversations on"
                            << speakers_.size() << "speakers," << voice_.concurrency << "at once";
}

void VoiceRun::rampStep()
{
    const qint64 now = clock_.elapsed();
    rampCredit_ += options_.connectRate * double(now - lastRampMs_) / 1000.0;
    lastRampMs_ = now;
    while (rampCredit_ >= 1.0 && nextToConnect_ < speakers_.size()) {
        speakers_[nextToConnect_++]->device().start();
        rampCredit_ -= 1.0;
    }
    if (nextToConnect_ >= speakers_.size())
        rampTimer_.stop();
}

void VoiceRun::onSpeakerOnline()
{
    // linkUp comes just before the device core hears of the connection: look once it has.
    QMetaObject::invokeMethod(this, &VoiceRun::checkOnline, Qt::QueuedConnection);
}

void VoiceRun::checkOnline()
{
    if (stopping_)
        return;
    if (conversing_) {
        scheduleConversations(); // a speaker that was offline may take a waiting conversation
        return;
    }
    const bool allOnline = std::all_of(speakers_.begin(), speakers_.end(),
                                       [](const auto &s) { return s->device().isConnected(); });
    if (allOnline)
        beginConversations();
}

void VoiceRun::beginConversations()
{
    if (conversing_ || stopping_)
        return;
    conversing_ = true;
    readyDeadline_.stop();
    paceTimer_.start();
    qCInfo(lcSim) << "conversations begin after" << clock_.elapsed() << "ms";
    scheduleConversations();
}

void VoiceRun::scheduleConversations()
{
    const auto live = [this] {
        return int(
            std::count_if(speakers_.begin(), speakers_.end(), [](const auto &s) { return s->isBusy(); }));
    };
    while (!stopping_ && nextConversation_ < voice_.conversations && live() < voice_.concurrency) {
        VoiceSpeaker *speaker = nullptr;
        for (size_t i = 0; i < speakers_.size() && !speaker; ++i) {
            VoiceSpeaker *candidate = speakers_[(nextSpeaker_ + i) % speakers_.size()].get();
            if (!candidate->isBusy() && candidate->device().isConnected()) {
                speaker = candidate;
                nextSpeaker_ = (nextSpeaker_ + i + 1) % speakers_.size();
            }
        }
        if (!speaker)
            return; // every free speaker is offline: wait for one to come back (or the run's end)
        const auto &clip = clips_[size_t(nextConversation_) % clips_.size()];
        const QString sessionId = nextSessionId();
        ++nextConversation_;
        QString error;
        if (!speaker->converse(clip, sessionId, &error)) {
            ConversationResult r;
            r.deviceId = speaker->deviceId();
            r.sessionId = sessionId;
            r.clip = clip->name;
            r.failure = QStringLiteral("not_started: ") + error;
            results_.push_back(r);
        }
    }
    if (results_.size() >= size_t(voice_.conversations))
        stop();
}

QString VoiceRun::nextSessionId()
{
    return runTag_ + QLatin1Char('-') + QString::number(nextConversation_ + 1);
}

void VoiceRun::onConversationFinished(const ConversationResult &result)
{
    results_.push_back(result);
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
    for (auto &s : speakers_)
        s->pump();
}

void VoiceRun::tickAll()
{
    for (auto &s : speakers_)
        s->tick();
}

void VoiceRun::stop()
{
    if (stopping_)
        return;
    stopping_ = true;
    stoppedAtMs_ = clock_.elapsed();
    for (QTimer *t : {&rampTimer_, &paceTimer_, &tickTimer_, &readyDeadline_, &durationTimer_})
        t->stop();
    stopDeadline_.start(kGoodbyeDeadlineMs);
    for (auto &s : speakers_)
        s->abort(QStringLiteral("stopped")); // records the live ones as failed
    for (auto &s : speakers_)
        s->device().powerOff();
    if (speakers_.empty())
        finish();
}

void VoiceRun::abort()
{
    if (!stopping_)
        stop();
    if (!finished_) {
        const int pending = int(speakers_.size()) - stoppedDevices_;
        if (pending > 0)
            qCWarning(lcSim) << pending << "speakers did not finish disconnecting in time";
        finish();
    }
}

void VoiceRun::onDeviceStopped()
{
    ++stoppedDevices_;
    if (stopping_ && stoppedDevices_ >= int(speakers_.size()))
        finish();
}

void VoiceRun::finish()
{
    if (finished_)
        return;
    finished_ = true;
    stopDeadline_.stop();
    QMetaObject::invokeMethod(this, &VoiceRun::finished, Qt::QueuedConnection);
}

VoiceRunSnapshot VoiceRun::snapshot() const
{
    VoiceRunSnapshot s;
    s.brokerUri = options_.brokerUri;
    s.elapsedMs = stoppedAtMs_ >= 0 ? stoppedAtMs_ : clock_.elapsed();
    s.devices = int(speakers_.size());
    s.requested = voice_.conversations;
    s.impairment = voice_.impairment;
    if (udp_)
        s.udp = udp_->counters();
    for (const auto &sp : speakers_) {
        s.online += sp->device().isConnected() ? 1 : 0;
        s.active += sp->isBusy() ? 1 : 0;
        s.streaming += sp->isStreaming() ? 1 : 0;
        s.voice += sp->voice().counters();
        s.audioSocketOpens += sp->audioSocket().opens();
        s.audioSocketFailures += sp->audioSocket().failures();
    }
    s.results = results_;
    return s;
}

} // namespace spk::sim
