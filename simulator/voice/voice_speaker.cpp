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
    core->addComponent(speaker->m_voice);
    try {
        speaker->m_device = std::make_unique<SimDevice>(std::move(core), host);
    } catch (const mqtt::exception &e) {
        *error = QStringLiteral("cannot create an MQTT client for %1: %2")
                     .arg(QString::fromStdString(host.brokerUri), e.what());
        return nullptr;
    }
    return speaker;
}

VoiceSpeaker::VoiceSpeaker(const fw::DeviceOptions &options, const QString &secret,
                           const VoiceHostContext &context)
    : m_audio(std::make_unique<DeviceAudioSocket>(QString::fromStdString(options.deviceId), secret)),
      m_decoder(std::make_unique<media::OpusFrameDecoder>()), m_context(context)
{
    m_voice.setActionsQueuedCallback([this] { scheduleDrain(); });
    connect(m_audio.get(), &DeviceAudioSocket::textMessage, this, &VoiceSpeaker::onAudioText);
}

VoiceSpeaker::~VoiceSpeaker()
{
    m_voice.setActionsQueuedCallback({});
}

QString VoiceSpeaker::deviceId() const
{
    return QString::fromStdString(m_device->core().deviceId());
}

bool VoiceSpeaker::converse(std::shared_ptr<const VoiceClip> clip, const QString &sessionId, QString *error)
{
    if (m_busy) {
        *error = QStringLiteral("%1 is already in a conversation").arg(deviceId());
        return false;
    }
    std::string why;
    if (!m_voice.start(sessionId.toStdString(), &why)) {
        *error = QString::fromStdString(why);
        return false;
    }
    m_busy = true;
    m_streaming = false;
    m_clip = std::move(clip);
    m_nextFrame = 0;
    m_reply.clear();
    m_result = ConversationResult{};
    m_result.deviceId = deviceId();
    m_result.sessionId = sessionId;
    m_result.clip = m_clip->name;
    m_result.wakeAt = now();
    flushDevice(); // the wake goes out now, not at the next tick
    return true;
}

void VoiceSpeaker::pump()
{
    if (!m_streaming)
        return;
    const qint64 t = now();
    const size_t total = m_clip->frames.size();
    // Frame k is due at start + 20k ms; a late timer sends the backlog at once (as a device's buffer would).
    while (m_streaming && m_nextFrame < total && m_streamStartMs + qint64(m_nextFrame) * kFrameMs <= t) {
        const QByteArray &opus = m_clip->frames[m_nextFrame];
        const bool last = m_nextFrame + 1 == total;
        std::string why;
        if (!m_voice.sendFrame(reinterpret_cast<const uint8_t *>(opus.constData()), size_t(opus.size()), last,
                               &why)) {
            qCWarning(lcSimDevice) << deviceId() << "frame" << m_nextFrame << "not sent:" << why.c_str();
            m_streaming = false;
            break;
        }
        ++m_nextFrame;
        ++m_result.framesSent;
        if (last) {
            m_streaming = false;
            m_result.endOfSpeechAt = now();
        }
    }
    drain(); // the datagrams leave now
}

void VoiceSpeaker::tick()
{
    m_device->tick(quint64(now()));
    drain();
}

void VoiceSpeaker::abort(const QString &why)
{
    m_voice.abort(why.toStdString());
    drain();
}

// ---------------------------------------------------------------- actions

void VoiceSpeaker::scheduleDrain()
{
    // VoiceSession calls back from inside its own event handlers: drain later, never re-entrantly.
    if (m_drainScheduled)
        return;
    m_drainScheduled = true;
    QMetaObject::invokeMethod(this, &VoiceSpeaker::drain, Qt::QueuedConnection);
}

void VoiceSpeaker::drain()
{
    m_drainScheduled = false;
    while (m_voice.hasActions())
        for (auto &action : m_voice.takeActions())
            perform(action);
}

void VoiceSpeaker::flushDevice()
{
    m_device->tick(quint64(now()));
}

void VoiceSpeaker::perform(fw::VoiceAction &action)
{
    if (auto *send = std::get_if<fw::SendDatagram>(&action)) {
        m_context.udp->send(send->host, send->port, send->bytes);
    } else if (auto *open = std::get_if<fw::OpenAudioSocket>(&action)) {
        const QUrl url = m_context.audioUrlOverride.isEmpty() ? QUrl(QString::fromStdString(open->wsUrl))
                                                              : m_context.audioUrlOverride;
        m_audio->ensureOpen(url);
    } else if (std::holds_alternative<fw::StartStreaming>(action)) {
        m_result.ackAt = now();
        m_streaming = true;
        m_streamStartMs = m_result.ackAt;
        m_nextFrame = 0;
        pump(); // the first frame goes at once
    } else if (std::holds_alternative<fw::StopStreaming>(action)) {
        m_streaming = false;
        if (m_result.endOfSpeechAt < 0)
            m_result.endOfSpeechAt = now();
    } else if (auto *t = std::get_if<fw::TranscriptUpdate>(&action)) {
        if (t->isFinal) {
            m_result.finalTranscriptAt = now();
            m_result.finalTranscript = QString::fromStdString(t->text);
        } else {
            ++m_result.partialTranscripts;
        }
    } else if (std::holds_alternative<fw::ReplyStarted>(action)) {
        m_reply.clear();
    } else if (auto *frame = std::get_if<fw::PlayAudio>(&action)) {
        if (m_result.firstAudioAt < 0)
            m_result.firstAudioAt = now();
        playFrame(frame->opus);
    } else if (auto *done = std::get_if<fw::ReplyFinished>(&action)) {
        m_result.replyFrames = int(done->frames);
        m_result.replyFramesMissing = int(done->missingFrames);
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
    m_voice.audioSocketMessage(text.toStdString());
    drain();
}

void VoiceSpeaker::playFrame(const std::vector<uint8_t> &opus)
{
    media::Pcm16 pcm = m_decoder->decode(bytesOf(opus));
    if (pcm.empty())
        pcm = m_decoder->conceal(); // a corrupt frame is played as PLC, like a device would
    m_reply.insert(m_reply.end(), pcm.begin(), pcm.end());
}

void VoiceSpeaker::fetchFallback(const QString &url)
{
    m_result.fallback = true;
    QNetworkRequest request{QUrl(url)};
    request.setTransferTimeout(kFallbackDownloadTimeoutMs);
    QNetworkReply *reply = m_context.http->get(request);
    const QString sessionId = m_result.sessionId;
    connect(reply, &QNetworkReply::finished, this, [this, reply, sessionId] {
        reply->deleteLater();
        if (!m_busy || m_result.sessionId != sessionId)
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
                m_reply = audio->pcm; // the whole reply replaces anything received before
                played = true;
                if (m_result.firstAudioAt < 0)
                    m_result.firstAudioAt = now();
            }
        }
        m_voice.fallbackPlaybackFinished(played);
        flushDevice(); // session_end
        drain();
    });
}

void VoiceSpeaker::finish(const fw::SessionEnded &ended)
{
    m_streaming = false;
    m_busy = false;
    m_result.endedAt = now();
    m_result.completed = ended.completed;
    m_result.failure = QString::fromStdString(ended.reason);
    m_result.replyAudioMs = qint64(m_reply.size()) * 1000 / media::kSampleRate;
    if (m_result.completed && !m_context.saveRepliesDir.isEmpty())
        saveReply();
    m_reply.clear();
    m_clip.reset();
    emit finished(m_result);
}

void VoiceSpeaker::saveReply()
{
    const QString path =
        QDir(m_context.saveRepliesDir)
            .filePath(QStringLiteral("%1_%2.wav").arg(m_result.deviceId, m_result.sessionId));
    QString error;
    if (writeWav(path, m_reply, media::kSampleRate, &error))
        m_result.savedTo = path;
    else
        qCWarning(lcSimDevice) << deviceId() << error;
}

} // namespace spk::sim
