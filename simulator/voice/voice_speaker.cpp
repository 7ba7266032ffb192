#include "simulator/voice/voice_speaker.h"

#include "shared/media/ogg_opus_reader.h"
#include "shared/media/opus_frame_decoder.h"
#include "simulator/sim_device.h"
#include "simulator/sim_logging.h"
#include "simulator/voice/device_audio_socket.h"
#include "simulator/voice/impaired_udp_sender.h"
#include "simulator/voice/wav_file.h"

#include <QDir>
#include <QNetworkAccessManager>
#include <QNetworkReply>

#include <mqtt/exception.h>

namespace spk::sim {

namespace {
constexpr int kFrameMs = 20;
constexpr int kFallbackDownloadTimeoutMs = 15000;

QByteArray bytesOf(const std::vector<uint8_t> &v)
{
    return QByteArray(reinterpret_cast<const char *>(v.data()), qsizetype(v.size()));
}
} // namespace

std::unique_ptr<VoiceSpeaker> VoiceSpeaker::create(const fw::DeviceOptions &options, const QString &secret,
                                                   const HostSettings &host, const VoiceHostContext &context,
                                                   QString *error)
{
    std::string coreError;
    auto core = fw::DeviceCore::create(options, &coreError);
    if (!core) {
        *error = QString::fromStdString(coreError);
        return nullptr;
    }
    std::unique_ptr<VoiceSpeaker> speaker(new VoiceSpeaker(options, secret, context));
    core->addComponent(speaker->voice_);
    try {
        speaker->device_ = std::make_unique<SimDevice>(std::move(core), host);
    } catch (const mqtt::exception &e) {
        *error = QStringLiteral("cannot create an MQTT client for %1: %2")
                     .arg(QString::fromStdString(host.brokerUri), e.what());
        return nullptr;
    }
    return speaker;
}

VoiceSpeaker::VoiceSpeaker(const fw::DeviceOptions &options, const QString &secret,
                           const VoiceHostContext &context)
    : audio_(
          std::make_unique<DeviceAudioSocket>(QString::fromStdString(options.deviceId), secret, context.tls)),
      decoder_(std::make_unique<media::OpusFrameDecoder>()), context_(context)
{
    voice_.setActionsQueuedCallback([this] { scheduleDrain(); });
    connect(audio_.get(), &DeviceAudioSocket::textMessage, this, &VoiceSpeaker::onAudioText);
}

VoiceSpeaker::~VoiceSpeaker()
{
    voice_.setActionsQueuedCallback({});
}

QString VoiceSpeaker::deviceId() const
{
    return QString::fromStdString(device_->core().deviceId());
}

bool VoiceSpeaker::converse(std::shared_ptr<const VoiceClip> clip, const QString &sessionId, QString *error)
{
    if (busy_) {
        *error = QStringLiteral("%1 is already in a conversation").arg(deviceId());
        return false;
    }
    std::string why;
    if (!voice_.start(sessionId.toStdString(), &why)) {
        *error = QString::fromStdString(why);
        return false;
    }
    busy_ = true;
    streaming_ = false;
    clip_ = std::move(clip);
    nextFrame_ = 0;
    reply_.clear();
    result_ = ConversationResult{};
    result_.deviceId = deviceId();
    result_.sessionId = sessionId;
    result_.clip = clip_->name;
    result_.wakeAt = now();
    flushDevice(); // the wake goes out now, not at the next tick
    return true;
}

void VoiceSpeaker::pump()
{
    if (!streaming_)
        return;
    const qint64 t = now();
    const size_t total = clip_->frames.size();
    // Frame k is due at start + 20k ms; a late timer sends the backlog at once (as a device's buffer would).
    while (streaming_ && nextFrame_ < total && streamStartMs_ + qint64(nextFrame_) * kFrameMs <= t) {
        const QByteArray &opus = clip_->frames[nextFrame_];
        const bool last = nextFrame_ + 1 == total;
        std::string why;
        if (!voice_.sendFrame(reinterpret_cast<const uint8_t *>(opus.constData()), size_t(opus.size()), last,
                              &why)) {
            qCWarning(lcSimDevice) << deviceId() << "frame" << nextFrame_ << "not sent:" << why.c_str();
            streaming_ = false;
            break;
        }
        ++nextFrame_;
        ++result_.framesSent;
        if (last) {
            streaming_ = false;
            result_.endOfSpeechAt = now();
        }
    }
    drain(); // the datagrams leave now
}

void VoiceSpeaker::tick()
{
    device_->tick(quint64(now()));
    drain();
}

void VoiceSpeaker::abort(const QString &why)
{
    voice_.abort(why.toStdString());
    drain();
}

// ---------------------------------------------------------------- actions

void VoiceSpeaker::scheduleDrain()
{
    // VoiceSession calls back from inside its own event handlers: drain later, never re-entrantly.
    if (drainScheduled_)
        return;
    drainScheduled_ = true;
    QMetaObject::invokeMethod(this, &VoiceSpeaker::drain, Qt::QueuedConnection);
}

void VoiceSpeaker::drain()
{
    drainScheduled_ = false;
    while (voice_.hasActions())
        for (auto &action : voice_.takeActions())
            perform(action);
}

void VoiceSpeaker::flushDevice()
{
    device_->tick(quint64(now()));
}

void VoiceSpeaker::perform(fw::VoiceAction &action)
{
    if (auto *send = std::get_if<fw::SendDatagram>(&action)) {
        context_.udp->send(send->host, send->port, send->bytes);
    } else if (auto *open = std::get_if<fw::OpenAudioSocket>(&action)) {
        const QUrl url = context_.audioUrlOverride.isEmpty() ? QUrl(QString::fromStdString(open->wsUrl))
                                                             : context_.audioUrlOverride;
        audio_->ensureOpen(url);
    } else if (std::holds_alternative<fw::StartStreaming>(action)) {
        result_.ackAt = now();
        streaming_ = true;
        streamStartMs_ = result_.ackAt;
        nextFrame_ = 0;
        pump(); // the first frame goes at once
    } else if (std::holds_alternative<fw::StopStreaming>(action)) {
        streaming_ = false;
        if (result_.endOfSpeechAt < 0)
            result_.endOfSpeechAt = now();
    } else if (auto *t = std::get_if<fw::TranscriptUpdate>(&action)) {
        if (t->isFinal) {
            result_.finalTranscriptAt = now();
            result_.finalTranscript = QString::fromStdString(t->text);
        } else {
            ++result_.partialTranscripts;
        }
    } else if (std::holds_alternative<fw::ReplyStarted>(action)) {
        reply_.clear();
    } else if (auto *frame = std::get_if<fw::PlayAudio>(&action)) {
        if (result_.firstAudioAt < 0)
            result_.firstAudioAt = now();
        playFrame(frame->opus);
    } else if (auto *done = std::get_if<fw::ReplyFinished>(&action)) {
        result_.replyFrames = int(done->frames);
        result_.replyFramesMissing = int(done->missingFrames);
        flushDevice(); // session_end
    } else if (auto *fetch = std::get_if<fw::FetchFallbackAudio>(&action)) {
        fetchFallback(QString::fromStdString(fetch->url));
    } else if (auto *ended = std::get_if<fw::SessionEnded>(&action)) {
        finish(*ended);
    } else if (auto *log = std::get_if<fw::LogEvent>(&action)) {
        if (log->level == fw::LogEvent::Level::Warning)
            qCWarning(lcSimDevice).nospace() << deviceId() << ": " << log->message.c_str();
        else
            qCInfo(lcSimDevice).nospace() << deviceId() << ": " << log->message.c_str();
    }
}

void VoiceSpeaker::onAudioText(const QString &text)
{
    voice_.audioSocketMessage(text.toStdString());
    drain();
}

void VoiceSpeaker::playFrame(const std::vector<uint8_t> &opus)
{
    media::Pcm16 pcm = decoder_->decode(bytesOf(opus));
    if (pcm.empty())
        pcm = decoder_->conceal(); // a corrupt frame is played as PLC, like a device would
    reply_.insert(reply_.end(), pcm.begin(), pcm.end());
}

void VoiceSpeaker::fetchFallback(const QString &url)
{
    result_.fallback = true;
    QNetworkRequest request{QUrl(url)};
    request.setTransferTimeout(kFallbackDownloadTimeoutMs);
    if (request.url().scheme() == QLatin1String("https"))
        request.setSslConfiguration(context_.tls); // certificate errors fail the download, never ignored
    QNetworkReply *reply = context_.http->get(request);
    const QString sessionId = result_.sessionId;
    connect(reply, &QNetworkReply::finished, this, [this, reply, sessionId] {
        reply->deleteLater();
        if (!busy_ || result_.sessionId != sessionId)
            return; // the conversation was aborted meanwhile
        bool played = false;
        if (reply->error() != QNetworkReply::NoError) {
            qCWarning(lcSimDevice) << deviceId() << "fallback download failed:" << reply->errorString();
        } else {
            QString error;
            const auto audio = media::OggOpusReader::readMemory(reply->readAll(), media::kSampleRate, &error);
            if (!audio) {
                qCWarning(lcSimDevice) << deviceId() << "fallback audio is not Ogg Opus:" << error;
            } else {
                reply_ = audio->pcm; // the whole reply replaces anything received before
                played = true;
                if (result_.firstAudioAt < 0)
                    result_.firstAudioAt = now();
            }
        }
        voice_.fallbackPlaybackFinished(played);
        flushDevice(); // session_end
        drain();
    });
}

void VoiceSpeaker::finish(const fw::SessionEnded &ended)
{
    streaming_ = false;
    busy_ = false;
    result_.endedAt = now();
    result_.completed = ended.completed;
    result_.failure = QString::fromStdString(ended.reason);
    result_.replyAudioMs = qint64(reply_.size()) * 1000 / media::kSampleRate;
    if (result_.completed && !context_.saveRepliesDir.isEmpty())
        saveReply();
    reply_.clear();
    clip_.reset();
    emit finished(result_);
}

void VoiceSpeaker::saveReply()
{
    const QString path = QDir(context_.saveRepliesDir)
                             .filePath(QStringLiteral("%1_%2.wav").arg(result_.deviceId, result_.sessionId));
    QString error;
    if (writeWav(path, reply_, media::kSampleRate, &error))
        result_.savedTo = path;
    else
        qCWarning(lcSimDevice) << deviceId() << error;
}

} // namespace spk::sim
